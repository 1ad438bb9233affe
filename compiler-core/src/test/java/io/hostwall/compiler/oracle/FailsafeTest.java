package io.hostwall.compiler.oracle;

import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.deny;
import static io.hostwall.compiler.gen.Models.failsafe;
import static io.hostwall.compiler.gen.Models.felix;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.oracle.OracleTesting.HOST;
import static io.hostwall.compiler.oracle.OracleTesting.OUTSIDE;
import static io.hostwall.compiler.oracle.OracleTesting.assertStage;
import static io.hostwall.compiler.oracle.OracleTesting.assertVerdict;
import static io.hostwall.compiler.oracle.OracleTesting.decide;
import static io.hostwall.compiler.oracle.OracleTesting.eth0;
import static io.hostwall.compiler.oracle.OracleTesting.eth1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SEMANTICS §7: failsafe lists, where they apply, what overrides them. */
class FailsafeTest {
    private static final GlobalNetworkPolicy DENY_ALL = gnp("deny-all").ingress(deny()).egress(deny()).build();
    private static final Packet SSH_IN = Packets.tcp(OUTSIDE, 40000, HOST, 22).in("eth0").build();
    private static final Packet DNS_OUT = Packets.udp(HOST, 40000, "8.8.8.8", 53).out("eth0").build();

    @Test
    void inboundFailsafeOverridesADenyPolicy() {
        Decision d = decide(SSH_IN, eth0(), DENY_ALL);
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
    }

    @Test
    void outboundFailsafeOverridesADenyPolicy() {
        Decision d = decide(DNS_OUT, eth0(), DENY_ALL);
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.NORMAL_EGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
    }

    @Test
    void everyFelixDefaultPortIsOpen() {
        assertVerdict(ALLOW, decide(SSH_IN, eth0(), DENY_ALL));
        for (int port : List.of(179, 2379, 2380, 5473, 6443, 6666, 6667)) {
            assertVerdict(ALLOW, decide(Packets.tcp(OUTSIDE, 1, HOST, port).in("eth0").build(), eth0(), DENY_ALL));
            assertVerdict(ALLOW, decide(Packets.tcp(HOST, 1, OUTSIDE, port).out("eth0").build(), eth0(), DENY_ALL));
        }
        assertVerdict(ALLOW, decide(Packets.udp(OUTSIDE, 67, HOST, 68).in("eth0").build(), eth0(), DENY_ALL));
        assertVerdict(ALLOW, decide(Packets.udp(HOST, 68, OUTSIDE, 67).out("eth0").build(), eth0(), DENY_ALL));
        // Not in the lists: udp 53 inbound, tcp 22 outbound, udp 68 outbound.
        assertVerdict(DENY, decide(Packets.udp(OUTSIDE, 1, HOST, 53).in("eth0").build(), eth0(), DENY_ALL));
        assertVerdict(DENY, decide(Packets.tcp(HOST, 1, OUTSIDE, 22).out("eth0").build(), eth0(), DENY_ALL));
        assertVerdict(DENY, decide(Packets.udp(HOST, 1, OUTSIDE, 68).out("eth0").build(), eth0(), DENY_ALL));
    }

    @Test
    void forwardedTrafficHasNoFailsafes() {
        Packet p = Packets.tcp(OUTSIDE, 1, "10.1.0.99", 22).in("eth0").out("eth1").build();
        Decision d = decide(p, eth0(), eth1(), gnp("fwd-deny").applyOnForward().ingress(deny()).build());
        assertVerdict(DENY, d);
        assertStage(d, Stage.FORWARD_INGRESS, Effect.DENY, Reason.RuleMatch.class);
    }

    @Test
    void nodeFelixConfigurationOverridesTheDefaultOne() {
        var perNode = felix("node.node1", Optional.of(List.of(failsafe(Protocol.TCP, 2222))), Optional.empty());
        var global = felix("default", Optional.of(List.of(failsafe(Protocol.TCP, 3333))), Optional.of(List.of()));
        Packet to2222 = Packets.tcp(OUTSIDE, 1, HOST, 2222).in("eth0").build();
        Packet to3333 = Packets.tcp(OUTSIDE, 1, HOST, 3333).in("eth0").build();
        assertVerdict(ALLOW, decide(to2222, eth0(), DENY_ALL, perNode, global));
        assertVerdict(DENY, decide(to3333, eth0(), DENY_ALL, perNode, global));
        assertVerdict(DENY, decide(SSH_IN, eth0(), DENY_ALL, perNode, global));
        // outbound: node.node1 does not set it, so default's empty list applies: nothing open
        assertVerdict(DENY, decide(DNS_OUT, eth0(), DENY_ALL, perNode, global));
        // only the default configuration
        assertVerdict(ALLOW, decide(to3333, eth0(), DENY_ALL, global));
        // another node's configuration is ignored
        var other = felix("node.node2", Optional.of(List.of()), Optional.of(List.of()));
        assertVerdict(ALLOW, decide(SSH_IN, eth0(), DENY_ALL, other));
    }

    @Test
    void anEmptyListDisablesFailsafes() {
        var none = felix("default", Optional.of(List.of()), Optional.of(List.of()));
        assertVerdict(DENY, decide(SSH_IN, eth0(), DENY_ALL, none));
        assertVerdict(DENY, decide(DNS_OUT, eth0(), DENY_ALL, none));
    }

    @Test
    void compileOptionsOverrideFelixConfiguration() {
        var global = felix("default", Optional.of(List.of(failsafe(Protocol.TCP, 3333))), Optional.empty());
        CompileOptions o = CompileOptions.builder().failsafes(ImmutableList.of(failsafe(Protocol.UDP, 4444)),
                ImmutableList.of()).build();
        assertVerdict(ALLOW, decide(o, Packets.udp(OUTSIDE, 1, HOST, 4444).in("eth0").build(), eth0(), DENY_ALL,
                global));
        assertVerdict(DENY, decide(o, Packets.tcp(OUTSIDE, 1, HOST, 3333).in("eth0").build(), eth0(), DENY_ALL,
                global));
        assertVerdict(DENY, decide(o, DNS_OUT, eth0(), DENY_ALL, global));
    }

    @Test
    void failsafeNetRestrictsTheSourceInboundAndTheDestinationOutbound() {
        var cfg = felix("default", Optional.of(List.of(failsafe(Protocol.TCP, 22, "192.168.1.0/24"))),
                Optional.of(List.of(failsafe(Protocol.UDP, 53, "8.8.8.0/24"))));
        assertVerdict(ALLOW, decide(Packets.tcp("192.168.1.5", 1, HOST, 22).in("eth0").build(), eth0(), DENY_ALL,
                cfg));
        assertVerdict(DENY, decide(SSH_IN, eth0(), DENY_ALL, cfg));
        assertVerdict(ALLOW, decide(DNS_OUT, eth0(), DENY_ALL, cfg));
        assertVerdict(DENY, decide(Packets.udp(HOST, 1, "9.9.9.9", 53).out("eth0").build(), eth0(), DENY_ALL, cfg));
    }

    @Test
    void failsafeWithANetOfTheOtherFamilyDoesNotApply() {
        var cfg = felix("default", Optional.of(List.of(failsafe(Protocol.TCP, 22, "fd00::/8"))), Optional.empty());
        var hep6 = io.hostwall.compiler.gen.Models.hep("node1-eth0").iface("eth0").build();
        assertVerdict(DENY, decide(SSH_IN, hep6, DENY_ALL, cfg));
        assertVerdict(ALLOW, decide(Packets.tcp("fd00::5", 1, "fd01::1", 22).in("eth0").build(), hep6, DENY_ALL,
                cfg));
    }

    @Test
    void filterFailsafesSeeTheDestinationPortAfterDnat() {
        // to 8022, DNAT'd to port 22: filter's failsafe sees 22
        Packet p = Packets.tcp(OUTSIDE, 1, HOST, 8022).in("eth0").dnat(HOST, 22).build();
        assertVerdict(ALLOW, decide(p, eth0(), DENY_ALL));
        // to 22, DNAT'd to 8022: filter does not see 22 any more
        Packet q = Packets.tcp(OUTSIDE, 1, HOST, 22).in("eth0").dnat(HOST, 8022).build();
        assertVerdict(DENY, decide(q, eth0(), DENY_ALL));
    }

    @Test
    void preDnatFailsafesSeeTheOriginalDestinationPort() {
        GlobalNetworkPolicy preDeny = gnp("pre-deny").preDnat().ingress(deny()).build();
        Packet q = Packets.tcp(OUTSIDE, 1, HOST, 22).in("eth0").dnat(HOST, 8022).build();
        Decision d = decide(q, eth0(), preDeny, gnp("allow").ingress(allow()).build());
        assertStage(d, Stage.PRE_DNAT_INGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
        assertVerdict(ALLOW, d);
    }

    @Test
    void rawFailsafesAlsoAcceptRepliesBySourcePort() {
        GlobalNetworkPolicy untrackedDeny = gnp("raw-deny").doNotTrack().ingress(deny()).egress(deny()).build();
        // Ingress: a reply from a DNS server (outbound list udp 53, by source port).
        Packet dnsReply = Packets.udp("8.8.8.8", 53, HOST, 40000).in("eth0").established().build();
        Decision d = decide(dnsReply, eth0(), untrackedDeny);
        StageResult raw = assertStage(d, Stage.UNTRACKED_INGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
        assertTrue(((Reason.FailsafeMatch) raw.reason()).reply());
        assertVerdict(ALLOW, d);
        // Egress: the reply of the host's ssh server (inbound list tcp 22, by source port).
        Packet sshReply = Packets.tcp(HOST, 22, OUTSIDE, 40000).out("eth0").established().build();
        Decision e = decide(sshReply, eth0(), untrackedDeny);
        assertStage(e, Stage.UNTRACKED_EGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
        assertVerdict(ALLOW, e);
    }

    @Test
    void aRawFailsafeAcceptIsNotAHandOver() {
        // A NEW packet from source port 53 passes raw by the reply rule but meets the normal stage, which has no
        // reply rules: denied there.
        GlobalNetworkPolicy untrackedDeny = gnp("raw-deny").doNotTrack().ingress(deny()).build();
        Packet p = Packets.udp("8.8.8.8", 53, HOST, 40000).in("eth0").build();
        Decision d = decide(p, eth0(), untrackedDeny);
        assertStage(d, Stage.UNTRACKED_INGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.DENY, Reason.FinalDrop.class);
    }

    @Test
    void oracleReportsTheFailsafesInForce() {
        PolicyOracle o = new PolicyOracle(PolicySet.empty(), "node1", CompileOptions.defaults());
        assertEquals(9, o.inboundFailsafes().size());
        assertEquals(9, o.outboundFailsafes().size());
        assertEquals(53, o.outboundFailsafes().get(0).port());
    }
}
