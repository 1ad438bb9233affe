package io.hostwall.compiler.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.IrText;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.ResourceKind;
import io.hostwall.model.ResourceRef;
import io.hostwall.net.IpFamily;
import io.hostwall.spi.Backend;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RulesetDiffTest {
    static final String ENDPOINT = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node1-eth0, labels: {role: web}}
            spec: {node: node1, interfaceName: eth0, expectedIPs: [10.240.0.11]}
            """;

    static String policy(String name, int port) {
        return """
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: %s}
                spec:
                  selector: role == 'web'
                  ingress:
                  - action: Allow
                    protocol: TCP
                    source: {selector: trusted == 'yes'}
                    destination: {ports: [%d]}
                """.formatted(name, port);
    }

    static String netSet(String... nets) {
        return """
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkSet
                metadata: {name: office, labels: {trusted: 'yes'}}
                spec: {nets: [%s]}
                """.formatted(String.join(", ", nets));
    }

    static CompiledNode compile(String... docs) throws Exception {
        return Hostwall.create().compile(Hostwall.loadString("m.yaml", String.join("---\n", docs)), "node1",
                NodeFacts.none());
    }

    static final CompiledNode BASE = uncheck(() -> compile(ENDPOINT, policy("allow-web", 443),
            netSet("198.51.100.0/24", "203.0.113.0/24")));

    interface Call<T> {
        T get() throws Exception;
    }

    static <T> T uncheck(Call<T> c) {
        try {
            return c.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void equalRulesetsHaveAnEmptyDiff() throws Exception {
        RulesetDiff d = RulesetDiff.between(BASE, compile(ENDPOINT, policy("allow-web", 443),
                netSet("198.51.100.0/24", "203.0.113.0/24")));
        assertTrue(d.isEmpty(), d.toString());
    }

    @Test
    void aChangedPortIsOneChangedRuleTiedToItsPolicyRule() throws Exception {
        RulesetDiff d = RulesetDiff.between(BASE, compile(ENDPOINT, policy("allow-web", 8443),
                netSet("198.51.100.0/24", "203.0.113.0/24")));
        assertTrue(d.sets().isEmpty(), d.sets().toString());
        assertEquals(1, d.chains().size(), d.chains().toString());
        ChainDiff c = d.chains().get(0);
        assertEquals(Change.CHANGED, c.change());
        assertFalse(c.isBase());
        assertEquals(1, c.rules().size());
        RuleChange r = c.rules().get(0);
        assertEquals(Change.CHANGED, r.change());
        RuleOrigin.PolicyRule origin = (RuleOrigin.PolicyRule) r.origin();
        assertEquals("allow-web", origin.name());
        assertEquals(RuleOrigin.Direction.INGRESS, origin.direction());
        assertEquals(0, origin.ruleIndex());
        assertTrue(IrText.rule(r.oldRule().orElseThrow()).contains("dport 443"), IrText.rule(r.oldRule().get()));
        assertTrue(IrText.rule(r.newRule().orElseThrow()).contains("dport 8443"), IrText.rule(r.newRule().get()));
    }

    @Test
    void aNewNetworkSetElementIsASetChangeWithItsSourceAndNoRuleChange() throws Exception {
        RulesetDiff d = RulesetDiff.between(BASE, compile(ENDPOINT, policy("allow-web", 443),
                netSet("198.51.100.0/24", "203.0.113.0/24", "192.0.2.0/24")));
        assertTrue(d.chains().isEmpty(), "no rule changes: the selector's set keeps its name: " + d.chains());
        assertEquals(1, d.sets().size(), d.sets().toString());
        SetDiff s = d.sets().get(0);
        assertEquals(Change.CHANGED, s.change());
        assertEquals(s.oldName(), s.newName(), "a selector's set is named by the selector, not by its members");
        assertEquals(IpFamily.V4, s.family());
        assertEquals(1, s.elements().size(), s.elements().toString());
        ElementChange e = s.elements().get(0);
        assertEquals(Change.ADDED, e.change());
        assertEquals("192.0.2.0/24", IrText.member(e.member()));
        assertEquals(List.of(new ResourceRef(ResourceKind.GLOBAL_NETWORK_SET, "office")), e.sources());
        assertTrue(s.usedBy().stream().anyMatch(o -> o instanceof RuleOrigin.PolicyRule p
                && p.name().equals("allow-web")), s.usedBy().toString());
    }

    static String webEndpoint(String name, String node, String ip) {
        return """
                apiVersion: projectcalico.org/v3
                kind: HostEndpoint
                metadata: {name: %s, labels: {role: web}}
                spec:
                  node: %s
                  interfaceName: eth0
                  expectedIPs: [%s]
                  ports: [{name: http, port: 8080, protocol: TCP}]
                """.formatted(name, node, ip);
    }

    static final String NAMED_PORT_POLICY = """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: to-web}
            spec:
              selector: role == 'web'
              egress:
              - action: Allow
                protocol: TCP
                destination: {selector: role == 'web', ports: [http]}
            """;

    @Test
    void anEndpointJoiningANamedPortSetIsOneElementAndNoRuleChange() throws Exception {
        CompiledNode before = compile(webEndpoint("node1-eth0", "node1", "10.240.0.11"),
                webEndpoint("node2-eth0", "node2", "10.240.0.12"), NAMED_PORT_POLICY);
        CompiledNode after = compile(webEndpoint("node1-eth0", "node1", "10.240.0.11"),
                webEndpoint("node2-eth0", "node2", "10.240.0.12"), webEndpoint("node3-eth0", "node3", "10.240.0.13"),
                NAMED_PORT_POLICY);
        RulesetDiff d = RulesetDiff.between(before, after);
        assertTrue(d.chains().isEmpty(), "the rule keeps its set's name: " + d.chains());
        assertEquals(1, d.sets().size(), d.sets().toString());
        SetDiff s = d.sets().get(0);
        assertEquals(Change.CHANGED, s.change());
        assertEquals(s.oldName(), s.newName(), "a named-port set is named by its selector and port, not its members");
        assertEquals(1, s.elements().size(), s.elements().toString());
        assertEquals(Change.ADDED, s.elements().get(0).change());
    }

    @Test
    void aNewPolicyAddsItsChainAndTheJumpToIt() throws Exception {
        RulesetDiff d = RulesetDiff.between(BASE, compile(ENDPOINT, policy("allow-web", 443), policy("allow-ssh", 22),
                netSet("198.51.100.0/24", "203.0.113.0/24")));
        ChainDiff added = d.chains().stream().filter(c -> c.change() == Change.ADDED).findFirst().orElseThrow();
        assertTrue(added.name().contains("allow-ssh"), added.name());
        assertTrue(added.rules().stream().allMatch(r -> r.change() == Change.ADDED));
        assertTrue(d.chains().stream().flatMap(c -> c.rules().stream()).anyMatch(r -> r.change() == Change.ADDED
                && r.origin().equals(RuleOrigin.Builtin.of(RuleOrigin.Purpose.POLICY_JUMP, "allow-ssh"))),
                d.chains().toString());
    }

    @Test
    void removedAndAddedRulesOfOtherOriginsAreNotPaired() {
        IrRule drop = IrRule.of(RuleOrigin.Builtin.of(RuleOrigin.Purpose.FINAL_DROP, "h"), new io.hostwall.ir.IrAction.Drop());
        IrRule accept = IrRule.of(RuleOrigin.Builtin.of(RuleOrigin.Purpose.CONNTRACK_ACCEPT),
                new io.hostwall.ir.IrAction.Accept());
        Ruleset a = ruleset(new Chain("c", ImmutableList.of(drop)));
        Ruleset b = ruleset(new Chain("c", ImmutableList.of(accept)));
        List<RuleChange> rules = RulesetDiff.between(a, b).chains().get(0).rules();
        assertEquals(List.of(Change.REMOVED, Change.ADDED), rules.stream().map(RuleChange::change).toList());
        assertEquals(0, rules.get(0).oldIndex().getAsInt());
        assertEquals(0, rules.get(1).newIndex().getAsInt());
    }

    static Ruleset ruleset(Chain... chains) {
        return new Ruleset("n", ImmutableList.<BaseChain>of(), ImmutableList.copyOf(chains), ImmutableList.of(),
                io.hostwall.ir.MarkBits.allocate(0xffff0000));
    }

    /** A backend whose one document lists the IR rules in IrText's form: enough to diff documents. */
    static final Backend TEXT = new Backend() {
        @Override
        public String name() {
            return "text";
        }

        @Override
        public ImmutableSet<DocumentKind> documentKinds() {
            return ImmutableSet.of(DocumentKind.NFT);
        }

        @Override
        public DocumentKind mainDocument(IpFamily family) {
            return DocumentKind.NFT;
        }

        @Override
        public RenderedRuleset render(Ruleset ruleset, RenderOptions options) {
            StringBuilder b = new StringBuilder();
            ruleset.chains().forEach(c -> c.rules().forEach(r -> b.append(c.name()).append(' ')
                    .append(IrText.rule(r)).append('\n')));
            return RenderedRuleset.of(Map.of(DocumentKind.NFT, b.toString()));
        }
    };

    @Test
    void nodeDiffReportsEndpointsDocumentsAndVerdicts() throws Exception {
        CompiledNode before = compile(policy("allow-web", 443), netSet("198.51.100.0/24"));
        CompiledNode after = compile(ENDPOINT, policy("allow-web", 443), netSet("198.51.100.0/24"));
        Packet ssh = Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 5555).in("eth0").build();
        NodeDiff d = NodeDiff.between(before, after, List.of(TEXT), RenderOptions.defaults(),
                List.of(new PacketProbe("web", Optional.empty(), ssh),
                        new PacketProbe("elsewhere", Optional.of("node2"), ssh)));
        assertFalse(d.identical());
        assertEquals(Optional.of(Change.ADDED), d.status());
        assertEquals(List.of("node1-eth0"), d.endpoints().stream().map(EndpointChange::name).toList());
        assertEquals("interface eth0", d.endpoints().get(0).where());
        assertEquals(1, d.documents().size());
        assertTrue(d.documents().get(0).unifiedDiff().startsWith("--- old/node1.nft\n+++ new/node1.nft\n"),
                d.documents().get(0).unifiedDiff());
        assertEquals(1, d.verdicts().size(), "the probe for node2 is left out");
        VerdictChange v = d.verdicts().get(0);
        assertEquals(Verdict.ALLOW, v.oldVerdict());
        assertEquals(Verdict.DENY, v.newVerdict());
        assertTrue(v.changed());
        // Port 5555 is not allowed: the end of tier default drops it.
        assertEquals(Optional.of(RuleOrigin.Builtin.of(RuleOrigin.Purpose.TIER_END, "default")), v.newDecidedBy());

        DiffReport report = DiffReport.of(List.of(d));
        String text = report.text(false);
        assertTrue(text.startsWith("node node1: gains host endpoints\n  host endpoints:\n    + node1-eth0  (interface eth0)\n"),
                text);
        assertTrue(text.contains("    ~ web: tcp 203.0.113.7:40000 -> 10.240.0.11:5555 in eth0, new: allow -> deny"
                + "  # was no single rule, now built-in tier-end default\n"), text);
        assertTrue(text.endsWith("1 of 1 node differs\n"), text);
        assertFalse(text.contains("\u001b["), "no colour unless asked");
        assertTrue(report.text(true).contains("\u001b[32m    + node1-eth0"), report.text(true));
        assertEquals(text, DiffReport.of(List.of(NodeDiff.between(before, after, List.of(TEXT),
                RenderOptions.defaults(), List.of(new PacketProbe("web", Optional.empty(), ssh))))).text(false),
                "deterministic");

        Map<String, Object> map = report.toMap();
        assertEquals(List.of("schema", "identical", "nodes"), List.copyOf(map.keySet()));
        assertEquals(DiffReport.SCHEMA, map.get("schema"));
        assertEquals(false, map.get("identical"));
        @SuppressWarnings("unchecked")
        Map<String, Object> node = ((List<Map<String, Object>>) map.get("nodes")).get(0);
        assertEquals(List.of("node", "status", "endpoints", "chains", "sets", "documents", "verdicts"),
                List.copyOf(node.keySet()));
        assertEquals("added", node.get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> verdict = ((List<Map<String, Object>>) node.get("verdicts")).get(0);
        assertEquals("deny", verdict.get("new"));
        assertEquals(null, verdict.get("oldDecidedBy"));
        @SuppressWarnings("unchecked")
        Map<String, Object> by = (Map<String, Object>) verdict.get("newDecidedBy");
        assertEquals(Map.of("kind", "built-in", "purpose", "tier-end", "subject", "default",
                "summary", "built-in tier-end default"), by);
    }

    @Test
    void anIdenticalNodeSaysSo() throws Exception {
        NodeDiff d = NodeDiff.between(BASE, BASE, List.of(TEXT), RenderOptions.defaults(), List.of());
        assertTrue(d.identical());
        assertEquals(Optional.empty(), d.status());
        DiffReport r = DiffReport.of(List.of(d));
        assertTrue(r.identical());
        assertEquals("node node1: identical\nno differences (1 node)\n", r.text(false));
    }

    @Test
    void controlCharactersNeverReachTheTerminal() {
        IrRule noted = IrRule.of(new io.hostwall.ir.IrAction.Drop()).withNote("evil \u001b[2J name");
        Ruleset a = ruleset(new Chain("c", ImmutableList.of()));
        Ruleset b = ruleset(new Chain("c", ImmutableList.of(noted)));
        NodeDiff d = new NodeDiff("n", true, true, ImmutableList.of(), RulesetDiff.between(a, b), ImmutableList.of(),
                ImmutableList.of());
        String text = DiffReport.of(List.of(d)).text(false);
        assertFalse(text.contains("\u001b"), text);
        assertTrue(text.contains("# note: evil \\u001b[2J name"), text);
    }

    @Test
    void originsOfEveryKindHaveTextAndJson() {
        assertEquals("policy p egress[2] (tier t)", Origins.text(new RuleOrigin.PolicyRule(RuleOrigin.Owner.POLICY,
                "p", Optional.of("t"), RuleOrigin.Direction.EGRESS, 2, ImmutableSortedMap.of())));
        assertEquals("profile q ingress[0]", Origins.text(new RuleOrigin.PolicyRule(RuleOrigin.Owner.PROFILE,
                "q", Optional.empty(), RuleOrigin.Direction.INGRESS, 0, ImmutableSortedMap.of())));
        RuleOrigin.Failsafe f = new RuleOrigin.Failsafe(RuleOrigin.FailsafeList.INBOUND, false, "tcp", 22,
                Optional.empty());
        assertEquals("failsafe inbound tcp:22", Origins.text(f));
        assertEquals(22, Origins.map(f).get("port"));
        assertEquals("hand-built", Origins.text(RuleOrigin.Note.none()));
        assertEquals(List.of("a"), Origins.map(new RuleOrigin.Note(ImmutableList.of("a"))).get("lines"));
    }
}
