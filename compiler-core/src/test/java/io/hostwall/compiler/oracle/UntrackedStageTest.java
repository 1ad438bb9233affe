package io.hostwall.compiler.oracle;

import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.deny;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.gen.Models.side;
import static io.hostwall.compiler.gen.Models.tier;
import static io.hostwall.compiler.oracle.OracleTesting.HOST;
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
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Protocol;
import io.hostwall.model.TierAction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEMANTICS §6/§7.1: the untracked (doNotTrack, raw) stage. */
class UntrackedStageTest {
    private static final GlobalNetworkPolicy DENY_ALL = gnp("deny-all").ingress(deny()).egress(deny()).build();
    private static final GlobalNetworkPolicy RAW_ALLOW_HTTP = gnp("raw-http").doNotTrack()
            .ingress(allow().protocol(Protocol.TCP).destination(side().ports(80)))
            .egress(allow().protocol(Protocol.TCP).source(side().ports(80))).build();

    @Test
    void untrackedAllowSkipsPreDnatAndNormalIngress() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        GlobalNetworkPolicy preDeny = gnp("pre-deny").preDnat().ingress(deny()).build();
        Decision d = decide(p, eth0(), RAW_ALLOW_HTTP, preDeny, DENY_ALL);
        assertVerdict(ALLOW, d);
        assertRule(d, Stage.UNTRACKED_INGRESS, Effect.HAND_OVER, "raw-http", 0);
        assertStage(d, Stage.PRE_DNAT_INGRESS, Effect.SKIPPED, Reason.AcceptedEarlier.class);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.SKIPPED, Reason.AcceptedEarlier.class);
    }

    @Test
    void untrackedEgressAllowSkipsNormalEgress() {
        Packet p = Packets.tcp(HOST, 80, OUTSIDE, 40000).out("eth0").build();
        Decision d = decide(p, eth0(), RAW_ALLOW_HTTP, DENY_ALL);
        assertVerdict(ALLOW, d);
        assertRule(d, Stage.UNTRACKED_EGRESS, Effect.HAND_OVER, "raw-http", 0);
        assertStage(d, Stage.NORMAL_EGRESS, Effect.SKIPPED, Reason.AcceptedEarlier.class);
    }

    @Test
    void untrackedDenyDropsEvenEstablishedPackets() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").established().build();
        Decision d = decide(p, eth0(), gnp("raw-deny").doNotTrack().ingress(deny()).build());
        assertVerdict(DENY, d);
        assertRule(d, Stage.UNTRACKED_INGRESS, Effect.DENY, "raw-deny", 0);
    }

    @Test
    void untrackedPolicyHasNoDefaultDrop() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, eth0(), gnp("raw-udp").doNotTrack().ingress(deny().protocol(Protocol.UDP)).build(),
                gnp("allow").ingress(allow()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.UNTRACKED_INGRESS, Effect.NO_VERDICT, Reason.NoVerdict.class);
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "allow", 0);
    }

    @Test
    void untrackedTiersBehaveAsPassEvenWithDefaultDeny() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, eth0(), tier("raw", 1, TierAction.DENY),
                gnp("raw-udp").tier("raw").doNotTrack().ingress(deny().protocol(Protocol.UDP)).build(),
                gnp("allow").ingress(allow()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.UNTRACKED_INGRESS, Effect.NO_VERDICT, Reason.NoVerdict.class);
    }

    @Test
    void untrackedPacketsAreStatelessSoLaterStagesDoNotSeeThemAsEstablished() {
        // Forwarded eth0 -> eth1, established, allowed untracked on eth0: conntrack no longer vouches for it, so
        // eth1's forward egress policy decides (and denies).
        Packet p = Packets.tcp(OUTSIDE, 40000, "10.1.0.99", 80).in("eth0").out("eth1").established().build();
        GlobalNetworkPolicy fwdEgressDeny = gnp("fwd-out-deny").applyOnForward().egress(deny()).build();
        Decision d = decide(p, eth0(), eth1(), RAW_ALLOW_HTTP, fwdEgressDeny);
        assertVerdict(DENY, d);
        assertRule(d, Stage.FORWARD_EGRESS, Effect.DENY, "fwd-out-deny", 0);
        // The same packet without the untracked policy is established everywhere: allowed.
        assertVerdict(ALLOW, decide(p, eth0(), eth1(), fwdEgressDeny));
    }

    @Test
    void untrackedPolicyIsIgnoredOnTheAllInterfacesEndpoint() {
        var star = hep("node1-all").allInterfaces().label("role", "host").build();
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, star, gnp("raw-deny").doNotTrack().ingress(deny()).build(),
                gnp("allow").ingress(allow()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.UNTRACKED_INGRESS, Effect.NOT_POLICED, Reason.NoHostEndpoint.class);
    }

    @Test
    void untrackedPolicyIsNotAppliedToPacketsFromAWorkloadInterface() {
        var star = hep("node1-all").allInterfaces().label("role", "host").build();
        Packet p = Packets.tcp("192.168.0.5", 40000, OUTSIDE, 80).in("cali1").out("eth0").build();
        Decision d = decide(p, star, eth0(), gnp("raw-deny").doNotTrack().ingress(deny()).build());
        assertStage(d, Stage.UNTRACKED_INGRESS, Effect.NOT_POLICED, Reason.WorkloadInterface.class);
        assertVerdict(ALLOW, d);
    }

    @Test
    void onlyEndpointsWithUntrackedPolicyAreLookedAtInRaw() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, eth0(), gnp("allow").ingress(allow()).build());
        assertStage(d, Stage.UNTRACKED_INGRESS, Effect.NOT_POLICED, Reason.NoHostEndpoint.class);
    }

    @Test
    void untrackedStageSeesTheOriginalDestinationAndAnUntrackedPacketIsNeverNatted() {
        // Forwarded, to 10.1.0.99:80, kube-proxy would DNAT it to 10.1.0.50:8080. Untracked allow: no NAT, so the
        // egress side sees 10.1.0.99:80 still.
        Packet p = Packets.tcp(OUTSIDE, 40000, "10.1.0.99", 80).in("eth0").out("eth1").dnat("10.1.0.50", 8080).build();
        GlobalNetworkPolicy onlyNatted = gnp("fwd-out").applyOnForward()
                .egress(allow().protocol(Protocol.TCP).destination(side().ports(8080))).build();
        Decision d = decide(p, eth0(), eth1(), RAW_ALLOW_HTTP, onlyNatted);
        assertVerdict(DENY, d);
        assertStage(d, Stage.FORWARD_EGRESS, Effect.DENY, Reason.TierDefaultDeny.class);
        // Tracked, the egress side sees the DNAT'd port 8080.
        assertVerdict(ALLOW, decide(p, eth0(), eth1(), onlyNatted));
    }

    @Test
    void stagesAreListedInPacketOrder() {
        Packet p = Packets.tcp(OUTSIDE, 40000, "10.1.0.99", 80).in("eth0").out("eth1").build();
        Decision d = decide(p, eth0(), eth1());
        assertEquals(List.of(Stage.UNTRACKED_INGRESS, Stage.PRE_DNAT_INGRESS, Stage.FORWARD_INGRESS,
                Stage.FORWARD_EGRESS), OracleTesting.stagesOf(d));
    }
}
