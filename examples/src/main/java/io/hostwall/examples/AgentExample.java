package io.hostwall.examples;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a node agent uses hostwall: load the cluster's manifests, compile this node's ruleset, write the nft script
 * (which {@code nft -f} applies atomically), and explain one packet. Usage:
 * {@code AgentExample MANIFEST_DIR NODE OUT_FILE}.
 */
public final class AgentExample {
    private AgentExample() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: AgentExample MANIFEST_DIR NODE OUT_FILE");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), args[1], Path.of(args[2])));
    }

    /** Returns 0 on success, 2 when the manifests are invalid or cannot be compiled for the node. */
    public static int run(Path manifests, String node, Path out) throws IOException {
        // The lines between the tags are the example of compiler-core's module javadoc (OverviewExampleTest).
        // tag::overview[]
        // 1. Load and validate every manifest; all problems are reported at once.
        PolicySet cluster;
        try {
            cluster = ManifestLoader.load(List.of(manifests));
        } catch (ManifestException e) {
            e.problems().forEach(p -> System.err.println(p));
            return 2;
        }

        // 2. Compile this node's plan.
        HostwallCompiler compiler = HostwallCompiler.create(CompileOptions.defaults());
        CompiledNode compiled;
        try {
            compiled = compiler.compile(cluster, node);
        } catch (CompileException e) {
            e.problems().forEach(p -> System.err.println(p));
            return 2;
        }
        for (Problem warning : compiled.warnings()) {
            System.err.println("warning: " + warning);
        }

        // 3. Render it for nftables and write the script; an agent would now run `nft -f OUT_FILE`.
        Backend nft = Backends.named("nftables").orElseThrow();
        String script = nft.render(compiled.ruleset(), RenderOptions.defaults()).documents().get("nft");
        Files.writeString(out, script, StandardCharsets.UTF_8);

        // 4. Explain a packet: an outside client connecting to the NodePort on eth0.
        Packet packet = new Packet(io.hostwall.net.IpFamily.V4, InetAddress.getByName("203.0.113.7"),
                InetAddress.getByName("10.240.0.11"), 6, OptionalInt.of(40000), OptionalInt.of(31852),
                OptionalInt.empty(), OptionalInt.empty(), Optional.of("eth0"), Optional.empty(), Optional.empty(),
                Packet.ConnState.NEW);
        Explanation why = Explanation.of(cluster, node, compiler.options(), compiled.ruleset(), packet);
        System.out.println(why.text());
        // end::overview[]
        return 0;
    }
}
