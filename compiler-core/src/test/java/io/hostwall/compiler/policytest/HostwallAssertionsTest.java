package io.hostwall.compiler.policytest;

import static io.hostwall.compiler.policytest.HostwallAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import org.junit.jupiter.api.Test;

class HostwallAssertionsTest {
    private static final Packet OUTSIDE = Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 8080).in("eth0").build();
    private static final Packet INSIDE = Packet.tcp("10.240.0.12", 40000, "10.240.0.11", 8080).in("eth0").build();

    private static CompiledNode node1() throws Exception {
        return Hostwall.create().compile(Tutorial.cluster(), "node1");
    }

    @Test
    void holdingAssertionsReturnTheExplanation() throws Exception {
        CompiledNode n = node1();
        assertEquals(Verdict.DENY, assertThat(n).denies(OUTSIDE).decidedBy("drop-other-ingress")
                .decidedBy("drop-other-ingress", "ingress[0]").explanation().verdict());
        assertThat(n).allows(INSIDE).decidedBy("allow-cluster-internal-ingress", "0");
    }

    @Test
    void aFailedAssertionCarriesTheExplanation() throws Exception {
        CompiledNode n = node1();
        AssertionError e = assertThrows(AssertionError.class, () -> assertThat(n).allows(OUTSIDE));
        String[] lines = e.getMessage().split("\n");
        assertTrue(lines[0].startsWith("expected allow, got deny: decided by pre-DNAT ingress eth0 [node1-eth0]:"
                + " deny: GlobalNetworkPolicy \"drop-other-ingress\""), lines[0]);
        assertEquals("node: node1", lines[1]);
        assertEquals("verdict: deny", lines[lines.length - 1]);
        assertEquals(n.explain(OUTSIDE).text(), e.getMessage().substring(e.getMessage().indexOf('\n') + 1));

        AssertionError d = assertThrows(AssertionError.class, () -> assertThat(n).denies(INSIDE));
        assertTrue(d.getMessage().startsWith("expected deny, got allow"), d.getMessage());
        AssertionError p = assertThrows(AssertionError.class,
                () -> assertThat(n).denies(OUTSIDE).decidedBy("allow-nodeport"));
        assertTrue(p.getMessage().startsWith("expected deny by allow-nodeport, got deny: decided by"), p.getMessage());
        AssertionError r = assertThrows(AssertionError.class,
                () -> assertThat(n).denies(OUTSIDE).decidedBy("drop-other-ingress", "egress[0]"));
        assertTrue(r.getMessage().startsWith("expected deny by drop-other-ingress egress[0], got deny"),
                r.getMessage());
    }

    @Test
    void aBadRuleIndexIsTheCallersMistake() throws Exception {
        CompiledNode n = node1();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> assertThat(n).denies(OUTSIDE).decidedBy("drop-other-ingress", "first"));
        assertEquals("not a rule index such as 0, ingress[0] or egress[1]: \"first\"", e.getMessage());
    }
}
