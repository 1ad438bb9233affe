package io.hostwall.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.lint.LintWarning;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 11 defect 5: a node that no HostEndpoint names compiles to nothing, and the API says so as a warning. */
class EmptyNodeTest {
    private static final String CLUSTER = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node1-eth0, labels: {role: host}}
            spec: {node: node1, interfaceName: eth0}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: deny-all}
            spec: {selector: role == 'host', types: [Ingress]}
            """;

    private static PolicySet cluster() throws Exception {
        return Hostwall.loadString("cluster.yaml", CLUSTER);
    }

    @Test
    void aMisspeltNodeCompilesWithAWarningNotAnException() throws Exception {
        CompiledNode typo = Hostwall.create().compile(cluster(), "nodel");
        assertEquals(1, typo.warnings().size(), typo.warnings().toString());
        Problem w = typo.warnings().get(0);
        assertEquals("node \"nodel\" has no HostEndpoint (no spec.node names it), so its ruleset polices no interface;"
                + " is the node name misspelt?", w.toString());
        assertTrue(w.location().isEmpty() && w.resource().isEmpty());
        // What the warning is about: the same packet that node1 denies passes the empty node.
        Packet p = Packet.tcp("203.0.113.7", 40000, "10.0.0.1", 80).in("eth0").build();
        assertEquals(Verdict.ALLOW, typo.explain(p).verdict());
        assertEquals(Verdict.DENY, Hostwall.create().compile(cluster(), "node1").explain(p).verdict());
    }

    @Test
    void aNodeWithHostEndpointsHasNoSuchWarning() throws Exception {
        assertEquals(List.of(), Hostwall.create().compile(cluster(), "node1").warnings());
    }

    @Test
    void lintOfAnEmptyNodeReportsItAsACompileWarning() throws Exception {
        List<LintWarning> w = Hostwall.create().lint(cluster(), List.of("nodel"), Map.of());
        assertTrue(w.stream().anyMatch(x -> x.code() == LintWarning.Code.COMPILE_WARNING
                && x.toString().contains("node \"nodel\" has no HostEndpoint")), w.toString());
    }
}
