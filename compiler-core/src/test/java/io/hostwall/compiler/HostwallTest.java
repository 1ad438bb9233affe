package io.hostwall.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.compiler.lint.LintWarning;
import io.hostwall.model.PolicySet;
import io.hostwall.model.manifest.ManifestException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The facade: each node compiled with its own facts, and a compiled node that explains itself. */
class HostwallTest {
    /** Two nodes whose endpoints name no interface: which interface each polices comes from the node's facts. */
    private static final String ENDPOINTS = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node1-main, labels: {role: host}}
            spec: {node: node1, expectedIPs: [10.0.0.1]}
            ---
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node2-main, labels: {role: host}}
            spec: {node: node2, expectedIPs: [10.0.0.2]}
            """;
    private static final String SSH_ONLY = """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: ssh-only}
            spec:
              selector: role == 'host'
              ingress: [{action: Allow, protocol: TCP, destination: {ports: [22]}}]
              egress: [{action: Allow}]
            """;
    private static final Map<String, NodeFacts> FACTS = Map.of(
            "node1", NodeFacts.builder().addInterface("eth0", "10.0.0.1").addInterface("eth1", "192.0.2.1").build(),
            "node2", NodeFacts.builder().addInterface("eth0", "192.0.2.2").addInterface("eth1", "10.0.0.2").build());

    private static PolicySet cluster() throws ManifestException {
        return Hostwall.loadStrings(Map.of("endpoints.yaml", ENDPOINTS, "policy.yaml", SSH_ONLY));
    }

    private static Packet http(String dst, String iface) {
        return Packet.tcp("203.0.113.7", 40000, dst, 80).in(iface).build();
    }

    @Test
    void compileAllGivesEachNodeItsOwnFacts() throws Exception {
        Map<String, CompiledNode> nodes = Hostwall.create().compileAll(cluster(), FACTS);
        assertEquals(List.of("node1", "node2"), List.copyOf(nodes.keySet()));
        CompiledNode node1 = nodes.get("node1");
        CompiledNode node2 = nodes.get("node2");
        assertEquals("node1", node1.node());
        assertEquals(FACTS.get("node1"), node1.facts());
        assertEquals(List.of(), node1.warnings());
        assertNotEquals(node1.ruleset().chains(), node2.ruleset().chains());
        // node1's endpoint holds eth0, node2's holds eth1: the other interface is not policed.
        assertExplained(Verdict.DENY, node1.explain(http("10.0.0.1", "eth0")));
        assertExplained(Verdict.ALLOW, node1.explain(http("192.0.2.1", "eth1")));
        assertExplained(Verdict.ALLOW, node2.explain(http("192.0.2.2", "eth0")));
        assertExplained(Verdict.DENY, node2.explain(http("10.0.0.2", "eth1")));
        assertExplained(Verdict.ALLOW, node2.explain(Packet.tcp("203.0.113.7", 40000, "10.0.0.2", 22).in("eth1")
                .build()));
    }

    @Test
    void oneNodeCompiledAloneEqualsItsPartOfCompileAll() throws Exception {
        Hostwall hostwall = Hostwall.create();
        PolicySet cluster = cluster();
        assertEquals(hostwall.compileAll(cluster, FACTS).get("node2").ruleset(),
                hostwall.compile(cluster, "node2", FACTS.get("node2")).ruleset());
    }

    @Test
    void withoutFactsAnExpectedIpsEndpointBindsNothingAndSaysSo() throws Exception {
        CompiledNode node1 = Hostwall.create().compile(cluster(), "node1");
        assertEquals(NodeFacts.none(), node1.facts());
        assertTrue(node1.warnings().toString().contains("pass host facts"), node1.warnings()::toString);
        assertExplained(Verdict.ALLOW, node1.explain(http("10.0.0.1", "eth0")));
    }

    @Test
    void compileAllReportsTheProblemsOfEveryNode() throws Exception {
        PolicySet broken = Hostwall.loadString("broken.yaml", """
                apiVersion: projectcalico.org/v3
                kind: HostEndpoint
                metadata: {name: a}
                spec: {node: node1, interfaceName: eth0, profiles: [missing-a]}
                ---
                apiVersion: projectcalico.org/v3
                kind: HostEndpoint
                metadata: {name: b}
                spec: {node: node2, interfaceName: eth0, profiles: [missing-b]}
                """);
        CompileException e = assertThrows(CompileException.class, () -> Hostwall.create().compileAll(broken, Map.of()));
        assertEquals(2, e.problems().size(), e::getMessage);
        assertTrue(e.problems().get(0).toString().startsWith("broken.yaml:"), e::getMessage);
    }

    @Test
    void lintUsesEachNodesFacts() throws Exception {
        List<LintWarning> withFacts = Hostwall.create().lint(cluster(), List.of(), FACTS);
        assertTrue(withFacts.stream().noneMatch(w -> w.toString().contains("pass host facts")), withFacts::toString);
        List<LintWarning> node2Only = Hostwall.create().lint(cluster(), List.of(),
                Map.of("node2", FACTS.get("node2")));
        assertEquals(1, node2Only.stream().filter(w -> w.toString().contains("pass host facts")).count(),
                node2Only::toString);
        assertTrue(node2Only.stream().anyMatch(w -> w.toString().contains("node1-main")), node2Only::toString);
    }

    @Test
    void loadingFromAStreamAndFromResourcesGivesTheSameCluster() throws Exception {
        PolicySet fromStream = Hostwall.loadStream("all.yaml",
                new ByteArrayInputStream((ENDPOINTS + "---\n" + SSH_ONLY).getBytes(StandardCharsets.UTF_8)));
        assertEquals(cluster(), fromStream);
        assertEquals(cluster(), Hostwall.cluster(cluster().all()));
    }

    @Test
    void aClusterRefusesTwoResourcesOfOneKindAndName() throws Exception {
        PolicySet c = cluster();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hostwall.cluster(c.hostEndpoints().get(0), c.hostEndpoints().get(0)));
        assertEquals("HostEndpoint \"node1-main\" is given twice", e.getMessage());
    }

    @Test
    void renderingWithAnUnknownBackendSaysWhichExist() throws Exception {
        CompiledNode node1 = Hostwall.create().compile(cluster(), "node1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> node1.render("pf"));
        assertTrue(e.getMessage().startsWith("no backend named \"pf\" on the class path"), e::getMessage);
    }

    @Test
    void theCompilerKeepsItsOptions() throws Exception {
        CompileOptions options = CompileOptions.builder().chainPrefix("fw").build();
        CompiledNode node1 = Hostwall.create(options).compile(cluster(), "node1", FACTS.get("node1"));
        assertEquals(options, node1.options());
        assertTrue(node1.ruleset().chains().stream().allMatch(c -> c.name().startsWith("fw")),
                () -> node1.ruleset().chains().toString());
    }

    private static void assertExplained(Verdict expected, Explanation e) {
        assertEquals(expected, e.verdict(), e::text);
        assertTrue(e.agree(), e::text);
    }
}
