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

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Protocol;
import io.hostwall.model.TierAction;
import org.junit.jupiter.api.Test;

/** SEMANTICS §6/§7.1: the pre-DNAT (mangle PREROUTING) stage. */
class PreDnatStageTest {
    private static final GlobalNetworkPolicy DENY_ALL = gnp("deny-all").ingress(deny()).egress(deny()).build();
    private static final GlobalNetworkPolicy FWD_DENY = gnp("fwd-deny").applyOnForward().ingress(deny())
            .egress(deny()).build();
    private static final GlobalNetworkPolicy PRE_ALLOW_NODEPORT = gnp("pre-nodeport").preDnat()
            .ingress(allow().protocol(Protocol.TCP).destination(side().ports(31852))).build();

    @Test
    void preDnatAllowSkipsNormalIngress() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 31852).in("eth0").build();
        Decision d = decide(p, eth0(), PRE_ALLOW_NODEPORT, DENY_ALL);
        assertVerdict(ALLOW, d);
        assertRule(d, Stage.PRE_DNAT_INGRESS, Effect.HAND_OVER, "pre-nodeport", 0);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.SKIPPED, Reason.AcceptedEarlier.class);
    }

    @Test
    void preDnatAllowSkipsForwardIngressButNotForwardEgress() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 31852).in("eth0").out("eth1").dnat("10.1.0.50", 8080).build();
        Decision d = decide(p, eth0(), eth1(), PRE_ALLOW_NODEPORT, FWD_DENY);
        assertVerdict(DENY, d);
        assertStage(d, Stage.FORWARD_INGRESS, Effect.SKIPPED, Reason.AcceptedEarlier.class);
        assertRule(d, Stage.FORWARD_EGRESS, Effect.DENY, "fwd-deny", 0);
    }

    @Test
    void preDnatHasNoDefaultDrop() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, eth0(), PRE_ALLOW_NODEPORT, gnp("allow").ingress(allow()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.PRE_DNAT_INGRESS, Effect.NO_VERDICT, Reason.NoVerdict.class);
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "allow", 0);
    }

    @Test
    void preDnatTiersBehaveAsPassEvenWithDefaultDeny() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, eth0(), tier("edge", 1, TierAction.DENY),
                gnp("pre-udp").tier("edge").preDnat().ingress(deny().protocol(Protocol.UDP)).build(),
                gnp("allow").ingress(allow()).build());
        assertVerdict(ALLOW, d);
    }

    @Test
    void preDnatDenyIsFinal() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, eth0(), gnp("pre-deny").preDnat().ingress(deny()).build(),
                gnp("allow").ingress(allow()).build());
        assertVerdict(DENY, d);
        assertRule(d, Stage.PRE_DNAT_INGRESS, Effect.DENY, "pre-deny", 0);
    }

    @Test
    void preDnatSeesTheOriginalDestinationAndFilterTheDnatDestination() {
        // NodePort 31852 on the host's address, DNAT'd to a pod 192.168.5.5:8080.
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 31852).in("eth0").out("eth1").dnat("192.168.5.5", 8080).build();
        GlobalNetworkPolicy preDenyPod = gnp("pre-pod").preDnat()
                .ingress(deny().protocol(Protocol.TCP).destination(side().nets("192.168.5.0/24"))).build();
        Decision d = decide(p, eth0(), eth1(), preDenyPod);
        assertVerdict(ALLOW, d); // pre-DNAT does not see 192.168.5.5
        GlobalNetworkPolicy fwdDenyPod = gnp("fwd-pod").applyOnForward()
                .ingress(deny().protocol(Protocol.TCP).destination(side().nets("192.168.5.0/24").ports(8080)))
                .build();
        Decision e = decide(p, eth0(), eth1(), fwdDenyPod);
        assertRule(e, Stage.FORWARD_INGRESS, Effect.DENY, "fwd-pod", 0); // filter does
        GlobalNetworkPolicy fwdDenyNodePort = gnp("fwd-np").applyOnForward()
                .ingress(deny().protocol(Protocol.TCP).destination(side().ports(31852)), allow()).build();
        assertRule(decide(p, eth0(), eth1(), fwdDenyNodePort), Stage.FORWARD_INGRESS, Effect.ALLOW, "fwd-np", 1);
    }

    @Test
    void anEndpointWithoutPreDnatPolicyFallsToTheAllInterfacesEndpointsPreDnatPolicy() {
        var star = hep("node1-all").allInterfaces().label("edge", "true").build();
        GlobalNetworkPolicy starPreDeny = gnp("star-pre").selector("has(edge)").preDnat().ingress(deny()).build();
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, eth0(), star, starPreDeny, gnp("allow").ingress(allow()).build());
        assertVerdict(DENY, d);
        StageResult s = assertStage(d, Stage.PRE_DNAT_INGRESS, Effect.DENY, Reason.RuleMatch.class);
        org.junit.jupiter.api.Assertions.assertEquals("node1-all", s.hostEndpoint().orElseThrow());
        // The named endpoint's own pre-DNAT policy wins over the * endpoint's.
        GlobalNetworkPolicy ownPre = gnp("own-pre").selector("role == 'host'").preDnat().ingress(allow()).build();
        Decision e = decide(p, eth0(), star, starPreDeny, ownPre);
        assertRule(e, Stage.PRE_DNAT_INGRESS, Effect.HAND_OVER, "own-pre", 0);
    }

    @Test
    void allInterfacesEndpointWithoutPreDnatPolicyPolicesNothingInPreDnat() {
        var star = hep("node1-all").allInterfaces().build();
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
        Decision d = decide(p, star, gnp("allow").ingress(allow()).build());
        assertStage(d, Stage.PRE_DNAT_INGRESS, Effect.NOT_POLICED, Reason.NoHostEndpoint.class);
    }

    @Test
    void allInterfacesPreDnatPolicyAlsoSeesWorkloadToHostTraffic() {
        var star = hep("node1-all").allInterfaces().label("edge", "true").build();
        GlobalNetworkPolicy starPreDeny = gnp("star-pre").selector("has(edge)").preDnat().ingress(deny()).build();
        Packet p = Packets.tcp("192.168.0.5", 40000, HOST, 80).in("cali1").build();
        assertVerdict(DENY, decide(p, star, starPreDeny));
        Decision d = decide(p, star, gnp("star-pre-udp").preDnat().ingress(deny().protocol(Protocol.UDP)).build(),
                gnp("deny-all").ingress(deny()).build());
        assertVerdict(ALLOW, d); // normal HEP policy never sees workload-to-host traffic
        assertStage(d, Stage.NORMAL_INGRESS, Effect.NOT_POLICED, Reason.WorkloadInterface.class);
    }

    @Test
    void establishedPacketsAreAcceptedInPreDnat() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").established().build();
        Decision d = decide(p, eth0(), gnp("pre-deny").preDnat().ingress(deny()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.PRE_DNAT_INGRESS, Effect.ALLOW, Reason.Established.class);
    }

    @Test
    void inboundFailsafesApplyInPreDnat() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 22).in("eth0").build();
        Decision d = decide(p, eth0(), gnp("pre-deny").preDnat().ingress(deny()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.PRE_DNAT_INGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
    }
}
