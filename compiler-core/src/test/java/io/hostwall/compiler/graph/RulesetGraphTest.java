package io.hostwall.compiler.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.MarkBits;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RulesetGraphTest {
    static final String MANIFESTS = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node1-eth0, labels: {role: web}}
            spec: {node: node1, interfaceName: eth0}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: allow-web}
            spec:
              selector: role == 'web'
              ingress:
              - action: Allow
                protocol: TCP
                destination: {ports: [443]}
            """;

    static CompiledNode node() throws Exception {
        return Hostwall.create().compile(Hostwall.loadString("m.yaml", MANIFESTS), "node1");
    }

    @Test
    void stagesAreClustersAndEdgesSayWhatSendsAPacket() throws Exception {
        String dot = RulesetGraph.dot(node().ruleset());
        assertTrue(dot.startsWith("digraph \"hostwall node1\" {\n"), dot);
        assertTrue(dot.endsWith("}\n"));
        for (String cluster : List.of("cluster_raw", "cluster_mangle", "cluster_filter")) {
            assertTrue(dot.contains("subgraph \"" + cluster + "\""), cluster);
        }
        assertTrue(dot.contains("label=\"filter INPUT (in)\""), dot);
        assertTrue(dot.contains("label=\"filter OUTPUT (out)\""), dot);
        assertTrue(dot.contains("label=\"filter FORWARD (forward)\""), dot);
        // base chain -> dispatch -> endpoint chain -> tier -> policy, in filter INPUT
        int input = stage(dot, "hw-filter-input");
        String base = id(dot, input, "hw-filter-input");
        String dispatch = id(dot, input, "hw-from-hep");
        String endpoint = id(dot, input, "hw-fh-eth0");
        String policy = id(dot, input, "hw-pi-allow-web");
        assertTrue(dot.contains(base + " -> " + dispatch + " [label=\"jump\"]"), dot);
        assertTrue(dot.contains(dispatch + " -> " + endpoint + " [label=\"iif eth0\"]"), dot);
        assertTrue(dot.contains(endpoint + " -> " + endpoint + "_t0 [label=\"tier default\"]"), dot);
        assertTrue(dot.contains(endpoint + "_t0 -> " + policy + " [label=\"#1 mark & 0x20000 == 0x0\"]"), dot);
        assertTrue(dot.contains("label=\"hw-pi-allow-web\\npolicy allow-web\\n1 rule\""), dot);
        assertFalse(dot.contains("#d62728"), "nothing highlighted without a packet");
        assertEquals(dot, RulesetGraph.dot(node().ruleset()), "deterministic");
    }

    @Test
    void aPacketsPathIsHighlighted() throws Exception {
        CompiledNode n = node();
        Explanation e = n.explain(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 443).in("eth0").build());
        String dot = RulesetGraph.dot(n.ruleset(), Optional.of(e));
        assertTrue(dot.contains("verdict: allow (policy allow-web ingress[0])"), dot);
        int input = stage(dot, "hw-filter-input");
        String endpoint = id(dot, input, "hw-fh-eth0");
        String policy = id(dot, input, "hw-pi-allow-web");
        String hot = ", color=\"#d62728\"";
        assertTrue(dot.contains(id(dot, input, "hw-from-hep") + " -> " + endpoint + " [label=\"iif eth0\"" + hot), dot);
        assertTrue(dot.contains(endpoint + "_t0 -> " + policy + " [label=\"#1 mark & 0x20000 == 0x0\"" + hot), dot);
        assertTrue(Pattern.compile(Pattern.quote(policy) + " \\[shape=box, label=[^\\n]*" + Pattern.quote(hot))
                .matcher(dot).find(), dot);
        // The forward stage is not on the path of a packet to the host.
        int forward = stage(dot, "hw-filter-forward");
        assertFalse(Pattern.compile("s" + forward + "_c0 \\[[^\\n]*" + Pattern.quote(hot)).matcher(dot).find(), dot);
        Explanation other = Hostwall.create().compile(Hostwall.loadString("m.yaml", MANIFESTS.replace("node1",
                "node2")), "node2").explain(e.packet());
        assertThrows(IllegalArgumentException.class, () -> RulesetGraph.dot(n.ruleset(), Optional.of(other)));
    }

    @Test
    void namesCannotInjectIntoTheGraph() {
        String evil = "x\"];\nevil -> pwned [label=\"\\N";
        IrRule jump = IrRule.of(new IrAction.Dispatch(InterfaceDirection.IN, ImmutableSortedMap.of("eth\"0", "c")))
                .withNote(evil);
        IrRule noted = IrRule.of(new IrAction.Drop()).withNote(evil + "\u0007");
        Ruleset rs = new Ruleset("n\"1", ImmutableList.of(new BaseChain("b", TableKind.FILTER, Hook.INPUT,
                ImmutableList.of(jump))), ImmutableList.of(new Chain("c", ImmutableList.of(noted))),
                ImmutableList.of(), MarkBits.allocate(0xffff0000));
        String dot = RulesetGraph.dot(rs);
        // The name is there, but only inside a quoted string, its quote and newline escaped.
        assertTrue(dot.contains("x\\\"];\\nevil -> pwned [label=\\\"\\\\N"), dot);
        assertFalse(dot.contains("\u0007"));
        assertTrue(dot.contains("digraph \"hostwall n\\\"1\""), dot);
        assertTrue(dot.contains("[label=\"iif eth\\\"0\"]"), dot);
        // Outside quoted strings, only generated identifiers, keywords and punctuation remain.
        String outside = dot.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "S");
        assertTrue(outside.matches("(?s)[A-Za-z0-9_\\s\\[\\]{}=,;>\\-]*"), outside);
    }

    @Test
    void quoteEscapesQuotesBackslashesAndControls() {
        assertEquals("\"a\\\"b\\\\c\\nd?\"", RulesetGraph.quote("a\"b\\c\nd\u0001"));
    }

    /** The index of the stage whose base chain is {@code base}. */
    private static int stage(String dot, String base) {
        Matcher m = Pattern.compile("(s(\\d+)_c0) \\[shape=box3d, label=\"" + Pattern.quote(base) + "\\\\n").matcher(dot);
        assertTrue(m.find(), base);
        return Integer.parseInt(m.group(2));
    }

    private static String id(String dot, int stage, String chain) {
        Matcher m = Pattern.compile("(s" + stage + "_c\\d+) \\[shape=box3?d?, label=\"" + Pattern.quote(chain) + "\\\\n")
                .matcher(dot);
        assertTrue(m.find(), chain + " in stage " + stage);
        return m.group(1);
    }
}
