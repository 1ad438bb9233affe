package io.hostwall.compiler.oracle;

import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.deny;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.oracle.OracleTesting.HOST;
import static io.hostwall.compiler.oracle.OracleTesting.OUTSIDE;
import static io.hostwall.compiler.oracle.OracleTesting.assertStage;
import static io.hostwall.compiler.oracle.OracleTesting.assertVerdict;
import static io.hostwall.compiler.oracle.OracleTesting.decide;
import static io.hostwall.compiler.oracle.OracleTesting.eth0;
import static io.hostwall.compiler.oracle.OracleTesting.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.model.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEMANTICS §1: which host endpoint polices which interface. */
class InterfaceBindingTest {
    private static final Packet IN_ETH0 = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
    private static final Packet IN_ETH5 = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth5").build();

    @Test
    void theAllInterfacesEndpointPolicesEveryInterfaceWithoutANamedEndpoint() {
        var star = hep("node1-all").allInterfaces().build();
        Decision d = decide(IN_ETH5, star);
        assertVerdict(DENY, d);
        assertEquals("node1-all", assertStage(d, Stage.NORMAL_INGRESS, Effect.DENY, Reason.FinalDrop.class)
                .hostEndpoint().orElseThrow());
    }

    @Test
    void aNamedEndpointTakesPrecedenceOverTheAllInterfacesEndpoint() {
        var star = hep("node1-all").allInterfaces().profiles(Profile.DEFAULT_ALLOW).build();
        assertVerdict(DENY, decide(IN_ETH0, star, eth0()));
        assertVerdict(ALLOW, decide(IN_ETH5, star, eth0()));
    }

    @Test
    void theAlphabeticallyFirstEndpointWinsAnInterface() {
        var a = hep("a-eth0").iface("eth0").profiles(Profile.DEFAULT_ALLOW).build();
        var b = hep("b-eth0").iface("eth0").build();
        assertVerdict(ALLOW, decide(IN_ETH0, b, a));
        var starA = hep("a-all").allInterfaces().profiles(Profile.DEFAULT_ALLOW).build();
        var starB = hep("b-all").allInterfaces().build();
        assertVerdict(ALLOW, decide(IN_ETH5, starB, starA));
    }

    @Test
    void anEndpointWithOnlyExpectedIpsBindsThroughHostFacts() {
        var byIp = hep("by-ip").ips("10.9.9.9").build();
        NodeFacts facts = NodeFacts.builder().addInterface("eth3", "10.9.9.9").build();
        Packet in3 = Packets.tcp(OUTSIDE, 40000, "10.9.9.9", 80).in("eth3").build();
        assertVerdict(DENY, decide(facts, in3, byIp));
        assertVerdict(ALLOW, decide(in3, byIp)); // without facts it binds nothing
        // A named endpoint for the same interface wins when its name sorts first.
        var named = hep("a-eth3").iface("eth3").profiles(Profile.DEFAULT_ALLOW).build();
        assertVerdict(ALLOW, decide(facts, in3, byIp, named));
    }

    @Test
    void anEndpointNamingAnotherInterfaceNeverBindsByIp() {
        var eth7 = hep("eth7").iface("eth7").ips("10.9.9.9").build();
        NodeFacts facts = NodeFacts.builder().addInterface("eth3", "10.9.9.9").build();
        assertVerdict(ALLOW, decide(facts, Packets.tcp(OUTSIDE, 1, "10.9.9.9", 80).in("eth3").build(), eth7));
    }

    @Test
    void endpointsOfOtherNodesDoNotPoliceThisNode() {
        var other = hep("node2-eth0").node("node2").iface("eth0").build();
        assertVerdict(ALLOW, decide(IN_ETH0, other));
        PolicyOracle o = new PolicyOracle(set(other, eth0()), "node1", CompileOptions.defaults());
        assertEquals(List.of("node1-eth0"), o.activeHostEndpoints());
    }

    @Test
    void workloadToHostTrafficIsNotPolicedByNormalPolicy() {
        var star = hep("node1-all").allInterfaces().build();
        Packet p = Packets.tcp("192.168.0.5", 40000, HOST, 80).in("cali1").build();
        Decision d = decide(p, star, gnp("deny").ingress(deny()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.NOT_POLICED, Reason.WorkloadInterface.class);
    }

    @Test
    void hostToWorkloadTrafficIsNeverPolicedByEgressPolicy() {
        var star = hep("node1-all").allInterfaces().build();
        Packet p = Packets.tcp(HOST, 40000, "192.168.0.5", 80).out("cali1").build();
        assertVerdict(ALLOW, decide(p, star, gnp("deny").egress(deny()).build()));
        Packet natted = Packets.tcp(HOST, 40000, "10.96.0.1", 443).out("cali1").dnat("192.168.0.5", 8443).build();
        assertVerdict(ALLOW, decide(natted, star, gnp("deny").egress(deny()).build()));
    }

    @Test
    void workloadPrefixesComeFromTheOptions() {
        var star = hep("node1-all").allInterfaces().build();
        CompileOptions o = CompileOptions.builder().workloadInterfacePrefixes(ImmutableList.of("veth")).build();
        Packet fromVeth = Packets.tcp("192.168.0.5", 40000, HOST, 80).in("veth9").build();
        assertVerdict(ALLOW, decide(o, fromVeth, star));
        Packet fromCali = Packets.tcp("192.168.0.5", 40000, HOST, 80).in("cali1").build();
        assertVerdict(DENY, decide(o, fromCali, star));
    }

    @Test
    void anEndpointNamingAWorkloadInterfaceBindsNothing() {
        var cali = hep("cali").iface("cali1").build();
        Packet p = Packets.tcp("192.168.0.5", 40000, OUTSIDE, 80).in("cali1").out("eth9").build();
        assertStage(decide(p, cali, gnp("fwd").applyOnForward().ingress(deny()).build()), Stage.FORWARD_INGRESS,
                Effect.NOT_POLICED, Reason.NoHostEndpoint.class);
    }

    @Test
    void namedEndpointAllowsWhatItsPolicyAllows() {
        assertVerdict(ALLOW, decide(IN_ETH0, eth0(), gnp("allow").ingress(allow()).build()));
    }
}
