package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.lint.Linter;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.testing.ScratchNetns;
import io.hostwall.model.PolicySet;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The nftables JSON document of every golden scenario and node: {@code nft -j -c -f} accepts it, and loading it
 * leaves the same table as loading the golden script (both listed with {@code nft -j list table}, handles removed),
 * each in its own scratch network namespace.
 */
class GoldenJsonLoadTest {

    @TestFactory
    Stream<DynamicTest> everyGoldenScenarioAsJsonLoadsTheSameTable() throws Exception {
        Backend nftables = Backends.named("nftables").orElseThrow();
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenarios.Scenario s : Scenarios.ALL) {
            PolicySet set = ManifestLoader.load(s.manifests());
            List<String> nodes = Linter.nodes(set);
            assertFalse(nodes.isEmpty(), s.name() + " has host endpoints");
            for (String node : nodes) {
                Ruleset ruleset = HostwallCompiler.create(CompileOptions.defaults()).compile(set, node).ruleset();
                RenderedRuleset both = nftables.render(ruleset, RenderOptions.defaults(),
                        Set.of(DocumentKind.NFT, DocumentKind.NFT_JSON));
                Path golden = Scenarios.golden(s).resolve(node + ".nft");
                tests.add(DynamicTest.dynamicTest(s.name() + "/" + node + ".nft.json",
                        () -> check(golden, both.require(DocumentKind.NFT), both.require(DocumentKind.NFT_JSON))));
            }
        }
        return tests.stream();
    }

    private static void check(Path golden, String script, String json) throws IOException {
        // The script the JSON is compared with is the reviewed golden file, not merely today's rendering.
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), script, golden + " is stale");
        String fromScript;
        try (ScratchNetns ns = ScratchNetns.create("nft")) {
            ns.pipe(script, "nft", "-f", "-").orFail("nft -f " + golden);
            fromScript = listed(ns);
        }
        try (ScratchNetns ns = ScratchNetns.create("nft")) {
            ns.pipe(json, "nft", "-j", "-c", "-f", "-").orFail("nft -j -c -f (JSON of " + golden + ")");
            ns.pipe(json, "nft", "-j", "-f", "-").orFail("nft -j -f (JSON of " + golden + ")");
            assertEquals(fromScript, listed(ns), "JSON of " + golden);
        }
    }

    /** {@code nft -j list table inet hostwall} without handles, which number objects in creation order. */
    private static String listed(ScratchNetns ns) {
        String out = ns.exec("nft", "-j", "list", "table", "inet", "hostwall").orFail("nft -j list table").out();
        return out.replaceAll(", \"handle\": \\d+", "").replaceAll("\"handle\": \\d+, ", "").strip();
    }
}
