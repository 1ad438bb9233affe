package io.hostwall.compiler.oracle;

import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.side;
import static io.hostwall.compiler.oracle.OracleTesting.HOST;
import static io.hostwall.compiler.oracle.OracleTesting.OUTSIDE;
import static io.hostwall.compiler.oracle.OracleTesting.assertStage;
import static io.hostwall.compiler.oracle.OracleTesting.assertVerdict;
import static io.hostwall.compiler.oracle.OracleTesting.decide;
import static io.hostwall.compiler.oracle.OracleTesting.eth0;
import static io.hostwall.compiler.oracle.OracleTesting.eth1;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Protocol;
import org.junit.jupiter.api.Test;

/** SEMANTICS §6: packets conntrack classifies INVALID are dropped by every tracked stage, before policy. */
class InvalidStateTest {
    private static final GlobalNetworkPolicy ALLOW_ALL = gnp("allow-all").ingress(allow()).egress(allow()).build();

    @Test
    void aTrackedStageDropsAnInvalidPacketBeforeFailsafesAndPolicy() {
        Packet ssh = Packets.tcp(OUTSIDE, 40000, HOST, 22).in("eth0").invalid().build();
        Decision d = decide(ssh, eth0(), ALLOW_ALL);
        assertVerdict(DENY, d);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.DENY, Reason.Invalid.class);
        Packet out = Packets.tcp(HOST, 40000, OUTSIDE, 443).out("eth0").invalid().build();
        assertStage(decide(out, eth0(), ALLOW_ALL), Stage.NORMAL_EGRESS, Effect.DENY, Reason.Invalid.class);
    }

    @Test
    void preDnatAndForwardStagesDropInvalidPacketsToo() {
        GlobalNetworkPolicy pre = gnp("pre").preDnat().ingress(allow()).build();
        Packet in = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").invalid().build();
        assertStage(decide(in, eth0(), pre), Stage.PRE_DNAT_INGRESS, Effect.DENY, Reason.Invalid.class);
        // Forwarded, no applyOnForward policy: the forward chains' conntrack block drops it before the default allow.
        Packet fwd = Packets.tcp(OUTSIDE, 40000, "10.1.0.99", 80).in("eth0").out("eth1").invalid().build();
        assertStage(decide(fwd, eth0(), eth1()), Stage.FORWARD_INGRESS, Effect.DENY, Reason.Invalid.class);
    }

    @Test
    void anInterfaceWithoutHostEndpointDoesNotDropInvalidPackets() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth9").invalid().build();
        assertVerdict(ALLOW, decide(p, eth0(), ALLOW_ALL));
    }

    @Test
    void anUntrackedAllowTakesThePacketOutOfConntrackSoItIsNotInvalid() {
        GlobalNetworkPolicy raw = gnp("raw-http").doNotTrack()
                .ingress(allow().protocol(Protocol.TCP).destination(side().ports(80))).build();
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").invalid().build();
        Decision d = decide(p, eth0(), raw);
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.UNTRACKED_INGRESS, Effect.HAND_OVER, Reason.RuleMatch.class);
        // Not allowed by the untracked policy: it stays INVALID for the tracked stages.
        Packet other = Packets.tcp(OUTSIDE, 40000, HOST, 8080).in("eth0").invalid().build();
        assertStage(decide(other, eth0(), raw, ALLOW_ALL), Stage.NORMAL_INGRESS, Effect.DENY, Reason.Invalid.class);
    }
}
