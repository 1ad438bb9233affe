package io.hostwall.examples;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.model.PolicySet;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.spi.DocumentKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ten-line example of the README's "Use it from Java" section; {@code ReadmeExampleTest} keeps the README's code
 * block identical to the tagged region below and runs it on the tutorial.
 */
public final class ReadmeExample {
    private ReadmeExample() {}

    /**
     * Compiles node1 of the manifests in {@code manifests} with one interface, writes its nft script into
     * {@code dir} and explains an SSH connection from outside.
     *
     * @param manifests manifest files and directories
     * @param dir where {@code node1.nft} is written
     * @return the explanation of the packet
     * @throws ManifestException when a manifest is invalid (every problem, located)
     * @throws CompileException when node1's policy asks for something a host endpoint cannot enforce
     * @throws IOException when the script cannot be written
     */
    public static Explanation run(List<Path> manifests, Path dir) throws ManifestException, CompileException, IOException {
        // tag::readme[]
        PolicySet cluster = Hostwall.load(manifests);
        NodeFacts facts = NodeFacts.builder().addInterface("eth0", "10.240.0.11").build();
        CompiledNode node1 = Hostwall.create().compile(cluster, "node1", facts);
        node1.warnings().forEach(w -> System.err.println("warning: " + w));

        String script = node1.render("nftables").require(DocumentKind.NFT);
        Files.writeString(dir.resolve("node1.nft"), script);   // then: nft -f node1.nft

        Explanation why = node1.explain(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 22).in("eth0").build());
        System.out.println(why.verdict() + ", " + why.decidedBy());
        // end::readme[]
        return why;
    }
}
