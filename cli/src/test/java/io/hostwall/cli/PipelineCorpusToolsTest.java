package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.testing.ScratchNetns;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderedRuleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real-tool half of the pipeline fuzz target: what the committed fuzz inputs render, for those the pipeline
 * accepts (a bounded sample, {@value #SAMPLE} inputs), loads into {@code nft -c -f}, {@code ipset restore},
 * {@code iptables-restore --test} and {@code ip6tables-restore --test} in a scratch network namespace.
 */
class PipelineCorpusToolsTest {
    private static final int SAMPLE = 12;
    private static final Path INPUTS = Path.of("src", "test", "resources", "io", "hostwall", "cli",
            "PipelineFuzzTestInputs", "pipeline");

    @Test
    void acceptedFuzzInputsLoadIntoTheRealTools() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(INPUTS)) {
            // regression-* inputs are crashes of a backend: they must be refused, not loaded.
            files = s.filter(p -> !p.getFileName().toString().startsWith("regression-")).sorted().toList();
        }
        int loaded = 0;
        try (ScratchNetns ns = ScratchNetns.create("nft", "ipset", "iptables-restore", "ip6tables-restore")) {
            for (Path f : files) {
                if (loaded >= SAMPLE) {
                    break;
                }
                Optional<Map<String, Map<String, RenderedRuleset>>> out = PipelineFuzzTest.run(Files.readAllBytes(f));
                if (out.isEmpty() || out.get().isEmpty()) {
                    continue;
                }
                for (Map.Entry<String, Map<String, RenderedRuleset>> node : out.get().entrySet()) {
                    String what = f.getFileName() + " node " + node.getKey() + ": ";
                    RenderedRuleset nft = node.getValue().get("nftables");
                    RenderedRuleset ipt = node.getValue().get("iptables");
                    ns.pipe(nft.document(DocumentKind.NFT).orElseThrow(), "nft", "-c", "-f", "-").orFail(what + "nft -c");
                    ns.exec("ipset", "destroy");
                    String sets = ipt.document(DocumentKind.IPSET).orElse("");
                    if (!sets.isBlank()) {
                        ns.pipe(sets, "ipset", "restore").orFail(what + "ipset restore");
                    }
                    ns.pipe(ipt.document(DocumentKind.IPTABLES).orElseThrow(), "iptables-restore", "--test")
                            .orFail(what + "iptables-restore --test");
                    ns.pipe(ipt.document(DocumentKind.IP6TABLES).orElseThrow(), "ip6tables-restore", "--test")
                            .orFail(what + "ip6tables-restore --test");
                }
                loaded++;
            }
        }
        assertTrue(loaded >= 5, "only " + loaded + " accepted inputs in the corpus");
    }
}
