package io.hostwall.compiler.explain;

import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.Hook;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.MarkBits;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Explanations: both stories, the verdict last, a JSON-friendly map, and disagreements called out. */
class ExplanationTest {
    private static final PolicySet SET = PolicySet.of(List.of(
            hep("node1-eth0").iface("eth0").ips("10.0.0.10").build(),
            gnp("allow-web").order(10).ingress(allow().protocol(Protocol.TCP)
                    .destination(io.hostwall.compiler.gen.Models.side().ports(80))).build()));

    /** A hand-written "compilation" of SET for TCP/80: accept web, drop the rest on eth0. */
    private static Ruleset ruleset(boolean buggy) {
        IrRule web = IrRule.of(new IrAction.Accept(), new Match.Protocol(6, false),
                new Match.Ports(io.hostwall.ir.Side.DESTINATION, 6,
                        ImmutableList.of(io.hostwall.net.PortRange.single(buggy ? 81 : 80)), false))
                .withNote("GlobalNetworkPolicy allow-web ingress[0]");
        IrRule drop = IrRule.of(new IrAction.Drop()).withNote("Drop if no profiles matched");
        return new Ruleset("node1",
                ImmutableList.of(new BaseChain("hw-INPUT", TableKind.FILTER, Hook.INPUT, ImmutableList.of(
                        IrRule.of(new IrAction.Goto("hw-fh-eth0"),
                                new Match.Interface(io.hostwall.ir.InterfaceDirection.IN, "eth0", false,
                                        false))))),
                ImmutableList.of(new Chain("hw-fh-eth0", ImmutableList.of(web, drop))),
                ImmutableList.of(), MarkBits.allocate(0xffff0000));
    }

    private static Explanation explain(boolean buggy, Packet p) {
        return new Explainer(SET, "node1", CompileOptions.defaults(), ruleset(buggy)).explain(p);
    }

    @Test
    void theTextTellsBothStoriesAndEndsWithTheVerdict() {
        Explanation e = explain(false, Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 80).in("eth0").build());
        assertTrue(e.agree());
        assertEquals(Verdict.ALLOW, e.verdict());
        String text = e.text();
        String[] lines = text.split("\n");
        assertEquals("verdict: allow", lines[lines.length - 1], text);
        assertTrue(text.contains("GlobalNetworkPolicy \"allow-web\" (tier default) spec.ingress[0] Allow"), text);
        assertTrue(text.contains("hw-fh-eth0[0] accept  # GlobalNetworkPolicy allow-web ingress[0]"), text);
        assertEquals(1, text.split("verdict: ", -1).length - 1, "one verdict line: " + text);
        assertEquals(2, e.irRules().size());
    }

    @Test
    void deniedPacketsEndWithVerdictDeny() {
        Explanation e = explain(false, Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 443).in("eth0").build());
        assertTrue(e.agree());
        assertTrue(e.text().endsWith("\nverdict: deny"), e.text());
    }

    @Test
    void aDisagreementIsCalledOutAndTheRulesetsVerdictIsTheVerdict() {
        Explanation e = explain(true, Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 80).in("eth0").build());
        assertFalse(e.agree());
        assertEquals(Verdict.ALLOW, e.oracleVerdict());
        assertEquals(Verdict.DENY, e.rulesetVerdict());
        assertTrue(e.text().contains("DISAGREEMENT"), e.text());
        assertTrue(e.text().endsWith("\nverdict: deny"), e.text());
        assertEquals(false, e.toMap().get("agree"));
    }

    @Test
    void theMapHoldsOnlyStringsNumbersBooleansListsAndMaps() {
        Explanation e = explain(false, Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 8080).in("eth0")
                .dnat("10.0.0.10", 80).build());
        Map<String, Object> m = e.toMap();
        assertEquals("allow", m.get("verdict"));
        assertEquals(List.of("node", "packet", "verdict", "oracleVerdict", "rulesetVerdict", "agree", "stages",
                "trace"), List.copyOf(m.keySet()));
        assertPlain(m);
        List<?> trace = (List<?>) m.get("trace");
        assertTrue(trace.stream().anyMatch(t -> "dnat".equals(((Map<?, ?>) t).get("kind"))), trace::toString);
        Map<?, ?> packet = (Map<?, ?>) m.get("packet");
        assertEquals(8080, packet.get("destinationPort"));
        assertEquals("tcp", packet.get("protocol"));
    }

    @Test
    void theRulesetMustBeTheNodes() {
        assertThrows(IllegalArgumentException.class, () -> new Explainer(SET, "node2", CompileOptions.defaults(),
                ruleset(false)));
    }

    private static void assertPlain(Object o) {
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                assertInstanceOf(String.class, k);
                assertPlain(v);
            });
        } else if (o instanceof List<?> l) {
            l.forEach(ExplanationTest::assertPlain);
        } else {
            assertTrue(o instanceof String || o instanceof Number || o instanceof Boolean, () -> "not plain: " + o
                    + " (" + o.getClass() + ")");
        }
    }
}
