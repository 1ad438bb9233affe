package io.hostwall.examples;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.spi.DocumentKind;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.manifest.ManifestException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * How a node agent uses hostwall: load the cluster's manifests, compile this node's ruleset with this node's
 * interfaces, write the nft script (which {@code nft -f} applies atomically), and explain one packet. Usage:
 * {@code AgentExample MANIFEST_DIR NODE OUT_FILE}.
 */
public final class AgentExample {
    private AgentExample() {}

    /**
     * Runs the example.
     *
     * @param args {@code MANIFEST_DIR NODE OUT_FILE}
     * @throws IOException when the script cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: AgentExample MANIFEST_DIR NODE OUT_FILE");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), args[1], Path.of(args[2])));
    }

    /**
     * Compiles {@code node} with the facts of the machine this runs on, as an agent on that node would.
     *
     * @param manifests a manifest file or directory
     * @param node the node's name
     * @param out where to write the nft script
     * @return 0 on success, 2 when the manifests are invalid or cannot be compiled for the node
     * @throws IOException when the local interfaces cannot be read or the script cannot be written
     */
    public static int run(Path manifests, String node, Path out) throws IOException {
        return run(manifests, node, localFacts(), out);
    }

    /**
     * Compiles {@code node} with the given facts.
     *
     * @param manifests a manifest file or directory
     * @param node the node's name
     * @param facts the node's interfaces and addresses
     * @param out where to write the nft script
     * @return 0 on success, 2 when the manifests are invalid or cannot be compiled for the node
     * @throws IOException when the script cannot be written
     */
    public static int run(Path manifests, String node, NodeFacts facts, Path out) throws IOException {
        // The lines between the tags are the example of compiler-core's module javadoc (OverviewExampleTest).
        // tag::overview[]
        // 1. Load and validate every manifest; all problems are reported at once.
        PolicySet cluster;
        try {
            cluster = Hostwall.load(manifests);
        } catch (ManifestException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }

        // 2. Compile this node with its own facts (they bind host endpoints that only list expectedIPs).
        CompiledNode compiled;
        try {
            compiled = Hostwall.create().compile(cluster, node, facts);
        } catch (CompileException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }
        for (Problem warning : compiled.warnings()) {
            System.err.println("warning: " + warning);
        }

        // 3. Render it for nftables and write the script; an agent would now run `nft -f OUT_FILE`.
        String script = compiled.render("nftables").require(DocumentKind.NFT);
        Files.writeString(out, script, StandardCharsets.UTF_8);

        // 4. Explain a packet: an outside client connecting to the NodePort on eth0.
        Explanation why = compiled.explain(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 31852).in("eth0").build());
        System.out.println(why.text());
        // end::overview[]
        return 0;
    }

    /**
     * This machine's interfaces and addresses, as the kernel reports them. Interfaces whose names Calico's
     * interface rule does not accept are left out: no host endpoint can name them either.
     *
     * @return the facts
     * @throws IOException when the interfaces cannot be listed
     */
    public static NodeFacts localFacts() throws IOException {
        NodeFacts.Builder facts = NodeFacts.builder();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            // Without the IPv6 scope (fe80::1%eth0): expectedIPs never carry one.
            List<InetAddress> addresses = Collections.list(nic.getInetAddresses()).stream()
                    .map(AgentExample::withoutScope).toList();
            try {
                facts.addInterface(nic.getName(), addresses);
            } catch (IllegalArgumentException nameNoHostEndpointCanHold) {
                // left out, as said above
            }
        }
        return facts.build();
    }

    private static InetAddress withoutScope(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of a valid length: " + a, e);
        }
    }
}
