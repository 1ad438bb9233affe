package io.hostwall.compiler.oracle;

import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.deny;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.gen.Models.side;
import static io.hostwall.compiler.oracle.OracleTesting.OUTSIDE;
import static io.hostwall.compiler.oracle.OracleTesting.assertRule;
import static io.hostwall.compiler.oracle.OracleTesting.assertStage;
import static io.hostwall.compiler.oracle.OracleTesting.assertVerdict;
import static io.hostwall.compiler.oracle.OracleTesting.decide;
import static io.hostwall.compiler.oracle.OracleTesting.eth0;
import static io.hostwall.compiler.oracle.OracleTesting.eth1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Protocol;
import org.junit.jupiter.api.Test;

/** SEMANTICS §7.1: the forward stage (filter FORWARD, applyOnForward policy). */
class ForwardStageTest {
    private static final Packet FWD = Packets.tcp(OUTSIDE, 40000, "10.1.0.99", 80).in("eth0").out("eth1").build();

    @Test
    void forwardedTrafficIsAllowedByDefaultWhenNoApplyOnForwardPolicySelectsTheEndpoint() {
        Decision d = decide(FWD, eth0(), eth1(), gnp("normal-deny").ingress(deny()).egress(deny()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.FORWARD_INGRESS, Effect.ALLOW, Reason.ForwardDefaultAllow.class);
        assertStage(d, Stage.FORWARD_EGRESS, Effect.ALLOW, Reason.ForwardDefaultAllow.class);
    }

    @Test
    void applyOnForwardPolicyEndsInTheTierDefaultDrop() {
        GlobalNetworkPolicy udp = gnp("fwd-udp").applyOnForward().ingress(allow().protocol(Protocol.UDP)).build();
        Decision d = decide(FWD, eth0(), eth1(), udp);
        assertVerdict(DENY, d);
        assertStage(d, Stage.FORWARD_INGRESS, Effect.DENY, Reason.TierDefaultDeny.class);
    }

    @Test
    void forwardPolicyForOneDirectionLeavesTheOtherUndecidedButAllowed() {
        // An ingress-only forward policy selects eth1 too: eth1's egress side has no tier, no default allow, no drop.
        GlobalNetworkPolicy in = gnp("fwd-in").applyOnForward().ingress(allow()).build();
        Decision d = decide(FWD, eth0(), eth1(), in);
        assertVerdict(ALLOW, d);
        assertRule(d, Stage.FORWARD_INGRESS, Effect.ALLOW, "fwd-in", 0);
        assertStage(d, Stage.FORWARD_EGRESS, Effect.NO_VERDICT, Reason.NoVerdict.class);
    }

    @Test
    void forwardedPacketsNeedTheIngressSideOfInAndTheEgressSideOfOut() {
        GlobalNetworkPolicy inOk = gnp("fwd-in").selector("role == 'host'").applyOnForward().ingress(allow())
                .build();
        GlobalNetworkPolicy outDeny = gnp("fwd-out").applyOnForward().types(Direction.EGRESS)
                .egress(deny().destination(side().nets("10.1.0.0/16"))).build();
        Decision d = decide(FWD, eth0(), eth1(), inOk, outDeny);
        assertVerdict(DENY, d);
        assertRule(d, Stage.FORWARD_INGRESS, Effect.ALLOW, "fwd-in", 0);
        assertRule(d, Stage.FORWARD_EGRESS, Effect.DENY, "fwd-out", 0);
    }

    @Test
    void normalPolicyWithoutApplyOnForwardDoesNotSeeForwardedTraffic() {
        assertVerdict(ALLOW, decide(FWD, eth0(), eth1(), gnp("deny").ingress(deny()).build()));
    }

    @Test
    void applyOnForwardPolicyAlsoPolicesHostTraffic() {
        Packet p = Packets.tcp(OUTSIDE, 40000, "10.0.0.10", 80).in("eth0").build();
        Decision d = decide(p, eth0(), gnp("fwd-allow").applyOnForward().ingress(allow()).build());
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "fwd-allow", 0);
    }

    @Test
    void establishedForwardedPacketsAreAccepted() {
        Packet p = Packets.tcp(OUTSIDE, 40000, "10.1.0.99", 80).in("eth0").out("eth1").established().build();
        Decision d = decide(p, eth0(), eth1(), gnp("fwd-deny").applyOnForward().ingress(deny()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.FORWARD_INGRESS, Effect.ALLOW, Reason.Established.class);
    }

    @Test
    void forwardedTrafficFromAndToWorkloadsIsPolicedByTheAllInterfacesEndpoint() {
        var star = hep("node1-all").allInterfaces().label("role", "host").build();
        GlobalNetworkPolicy fwdDeny = gnp("fwd-deny").applyOnForward().ingress(deny()).egress(deny()).build();
        Packet fromPod = Packets.tcp("192.168.0.5", 40000, OUTSIDE, 80).in("cali1").out("eth9").build();
        Decision d = decide(fromPod, star, fwdDeny);
        assertVerdict(DENY, d);
        StageResult s = assertStage(d, Stage.FORWARD_INGRESS, Effect.DENY, Reason.RuleMatch.class);
        assertEquals("node1-all", s.hostEndpoint().orElseThrow());
        Packet toPod = Packets.tcp(OUTSIDE, 40000, "192.168.0.5", 80).in("eth0").out("cali1").build();
        Decision e = decide(toPod, eth0(), star, fwdDeny);
        assertRule(e, Stage.FORWARD_INGRESS, Effect.DENY, "fwd-deny", 0); // eth0's own endpoint first
    }

    @Test
    void forwardedTrafficFromAWorkloadWithoutAllInterfacesEndpointMeetsOnlyTheOutSide() {
        GlobalNetworkPolicy fwdOutDeny = gnp("fwd-out").applyOnForward().types(Direction.EGRESS).egress(deny())
                .build();
        Packet fromPod = Packets.tcp("192.168.0.5", 40000, OUTSIDE, 80).in("cali1").out("eth0").build();
        Decision d = decide(fromPod, eth0(), fwdOutDeny);
        assertStage(d, Stage.FORWARD_INGRESS, Effect.NOT_POLICED, Reason.NoHostEndpoint.class);
        assertRule(d, Stage.FORWARD_EGRESS, Effect.DENY, "fwd-out", 0);
    }
}
