package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The nftables dataplane's objects for the protect-hosts tutorial (node1): the chains, headers and rules of the
 * reviewed golden script, in order, and nothing else; the same for two compiles; and a small delta when the
 * tutorial's fourth manifest is added.
 */
class NftDataplaneTutorialTest {
    private static final ToolRunner NO_KERNEL = (command, stdin) -> {
        throw new AssertionError("no tool may run: " + command);
    };

    private static Dataplane dataplane() {
        return Backends.named("nftables").orElseThrow().dataplane(RenderOptions.defaults(), NO_KERNEL).orElseThrow();
    }

    private static Ruleset compile(List<Path> manifests) throws Exception {
        return HostwallCompiler.create(CompileOptions.defaults()).compile(ManifestLoader.load(manifests), "node1")
                .ruleset();
    }

    private static List<Path> tutorial() {
        return Scenarios.ALL.get(0).manifests();
    }

    @Test
    void theObjectsAreTheGoldenScriptsChainsAndRules() throws Exception {
        DesiredState state = dataplane().desired(compile(tutorial()));
        Map<String, List<String>> golden = chains(Scenarios.golden(Scenarios.ALL.get(0)).resolve("node1.nft"));
        Map<String, List<String>> objects = new LinkedHashMap<>();
        for (DesiredObject o : state.objects().values()) {
            assertEquals("inet hostwall", o.id().scope());
            DesiredObject.Chain c = (DesiredObject.Chain) o;
            List<String> lines = new ArrayList<>();
            if (!c.header().isEmpty()) {
                lines.add(c.header());
            }
            lines.addAll(c.rules());
            objects.put(c.id().name(), lines);
        }
        assertEquals(new java.util.TreeMap<>(golden), new java.util.TreeMap<>(objects));
        DesiredObject.Chain input = (DesiredObject.Chain) state.objects().get(ObjectId.chain("inet hostwall",
                "hw-filter-input"));
        assertEquals("type filter hook input priority 0; policy accept;", input.header());
        assertTrue(input.uses().contains(ObjectId.chain("inet hostwall", "hw-from-hep")), input.uses().toString());
    }

    @Test
    void twoCompilesGiveEqualStatesAndTransactions() throws Exception {
        Dataplane d = dataplane();
        DesiredState a = d.desired(compile(tutorial()));
        DesiredState b = d.desired(compile(tutorial()));
        assertEquals(a, b);
        assertEquals(d.transaction(Delta.replaceAll(a)), d.transaction(Delta.replaceAll(b)));
        assertTrue(Delta.between(a, b).isEmpty());
    }

    @Test
    void addingTheNodePortPolicyIsASmallDelta() throws Exception {
        Dataplane d = dataplane();
        DesiredState three = d.desired(compile(tutorial().subList(0, 3)));
        DesiredState four = d.desired(compile(tutorial()));
        Delta delta = Delta.between(three, four);
        assertFalse(delta.isEmpty());
        long rewritten = delta.ops().stream().filter(op -> op instanceof DeltaOp.AddRules
                || op instanceof DeltaOp.EditRules).count();
        assertTrue(rewritten > 0 && rewritten < four.objects().size() / 2,
                rewritten + " of " + four.objects().size() + " chains rewritten");
        String text = d.transaction(delta);
        assertFalse(text.contains("delete table"), text);
        assertTrue(text.lines().allMatch(l -> l.startsWith("#") || l.matches("(add|insert|flush|delete) (chain|rule|set|map"
                + "|element) inet hostwall .*")), text);
    }

    /** Chain name → header and rule lines, from a golden script's table block. */
    private static Map<String, List<String>> chains(Path script) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : Files.readAllLines(script)) {
            if (line.startsWith("\tchain ")) {
                current = new ArrayList<>();
                out.put(line.substring("\tchain ".length(), line.length() - 2), current);
            } else if (line.equals("\t}")) {
                current = null;
            } else if (current != null && line.startsWith("\t\t")) {
                current.add(line.substring(2));
            }
        }
        return out;
    }
}
