package io.hostwall.compiler.oracle;

import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.deny;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.gen.Models.side;
import static io.hostwall.compiler.oracle.OracleTesting.assertRule;
import static io.hostwall.compiler.oracle.OracleTesting.assertStage;
import static io.hostwall.compiler.oracle.OracleTesting.assertVerdict;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protect-hosts tutorial (calico-hep-docs.md §1, manifests 1–4, and manifest 5's special-value variant) as the
 * oracle sees it: node1's eth0 at 10.240.0.11, a node in the cluster at 10.240.0.5, an outside client 203.0.113.7.
 */
class TutorialOracleTest {
    private static final String NODE1 = "10.240.0.11";
    private static final String NODE2 = "10.240.0.12";
    private static final String INSIDE = "10.240.0.5";
    private static final String OUTSIDE = "203.0.113.7";

    // Manifest 1
    static final GlobalNetworkPolicy ALLOW_CLUSTER_INTERNAL = gnp("allow-cluster-internal-ingress").order(10)
            .preDnat().selector("has(host-endpoint)")
            .ingress(allow().source(side().nets("10.240.0.0/16", "192.168.0.0/16"))).build();
    static final GlobalNetworkPolicy DROP_OTHER = gnp("drop-other-ingress").order(20).preDnat()
            .selector("has(host-endpoint)").ingress(deny()).build();
    // Manifest 2
    static final GlobalNetworkPolicy ALLOW_OUTBOUND = gnp("allow-outbound-external").order(10)
            .selector("has(host-endpoint)").egress(allow()).build();
    // Manifest 4
    static final GlobalNetworkPolicy ALLOW_NODEPORT = gnp("allow-nodeport").order(10).preDnat()
            .selector("has(host-endpoint)")
            .ingress(allow().protocol(Protocol.TCP).destination(side().selector("has(host-endpoint)").ports(31852)))
            .build();

    /** Manifest 3, optionally with expectedIPs (the expected-ips variant). */
    static HostEndpoint node1Eth0(boolean expectedIps) {
        var b = hep("node1-eth0").iface("eth0").node("node1").label("host-endpoint", "ingress");
        return (expectedIps ? b.ips(NODE1) : b).build();
    }

    static PolicySet tutorial(boolean expectedIps) {
        return PolicySet.of(List.of(ALLOW_CLUSTER_INTERNAL, DROP_OTHER, ALLOW_OUTBOUND, node1Eth0(expectedIps),
                ALLOW_NODEPORT));
    }

    private static Decision on(PolicySet set, String node, Packet p) {
        return new PolicyOracle(set, node, CompileOptions.defaults()).evaluate(p);
    }

    private static Packet nodePort(String source, String node) {
        return Packets.tcp(source, 40000, node, 31852).in("eth0").dnat("192.168.1.5", 8080).build();
    }

    private static Packet nodePortToLocalPod(String source, String node) {
        return Packets.tcp(source, 40000, node, 31852).in("eth0").out("cali1").dnat("192.168.1.5", 8080).build();
    }

    @Test
    void insideTheClusterTheNodePortAndHostPortsWork() {
        for (boolean ips : List.of(false, true)) {
            PolicySet set = tutorial(ips);
            assertVerdict(ALLOW, on(set, "node1", nodePort(INSIDE, NODE1)));
            assertVerdict(ALLOW, on(set, "node1", nodePortToLocalPod(INSIDE, NODE1)));
            assertVerdict(ALLOW, on(set, "node1", nodePortToLocalPod("192.168.7.7", NODE1)));
            Decision web = on(set, "node1", Packets.tcp(INSIDE, 40000, NODE1, 80).in("eth0").build());
            assertVerdict(ALLOW, web);
            assertRule(web, Stage.PRE_DNAT_INGRESS, Effect.HAND_OVER, "allow-cluster-internal-ingress", 0);
            assertStage(web, Stage.NORMAL_INGRESS, Effect.SKIPPED, Reason.AcceptedEarlier.class);
        }
    }

    @Test
    void fromOutsideOnlyTheFailsafesAreOpen() {
        for (boolean ips : List.of(false, true)) {
            PolicySet set = tutorial(ips);
            Decision web = on(set, "node1", Packets.tcp(OUTSIDE, 40000, NODE1, 80).in("eth0").build());
            assertVerdict(DENY, web);
            assertRule(web, Stage.PRE_DNAT_INGRESS, Effect.DENY, "drop-other-ingress", 0);
            Decision ssh = on(set, "node1", Packets.tcp(OUTSIDE, 40000, NODE1, 22).in("eth0").build());
            assertVerdict(ALLOW, ssh);
            assertStage(ssh, Stage.PRE_DNAT_INGRESS, Effect.ALLOW, Reason.FailsafeMatch.class);
            assertVerdict(DENY, on(set, "node1", Packets.udp(OUTSIDE, 40000, NODE1, 53).in("eth0").build()));
            assertVerdict(DENY, on(set, "node1", Packets.icmp(OUTSIDE, NODE1, 8, 0).in("eth0").build()));
        }
    }

    @Test
    void hostProcessesMayConnectOut() {
        Decision d = on(tutorial(false), "node1", Packets.tcp(NODE1, 40000, OUTSIDE, 443).out("eth0").build());
        assertVerdict(ALLOW, d);
        assertRule(d, Stage.NORMAL_EGRESS, Effect.ALLOW, "allow-outbound-external", 0);
        // and the answers come back through conntrack
        assertVerdict(ALLOW, on(tutorial(false), "node1",
                Packets.tcp(OUTSIDE, 443, NODE1, 40000).in("eth0").established().build()));
    }

    @Test
    void withoutExpectedIpsTheNodePortStaysClosedFromOutside() {
        Decision d = on(tutorial(false), "node1", nodePort(OUTSIDE, NODE1));
        assertVerdict(DENY, d);
        assertRule(d, Stage.PRE_DNAT_INGRESS, Effect.DENY, "drop-other-ingress", 0);
        assertVerdict(DENY, on(tutorial(false), "node1", nodePortToLocalPod(OUTSIDE, NODE1)));
    }

    @Test
    void withExpectedIpsTheNodePortOpensFromOutsideOnTheNodesAddressOnly() {
        Decision d = on(tutorial(true), "node1", nodePort(OUTSIDE, NODE1));
        assertVerdict(ALLOW, d);
        assertRule(d, Stage.PRE_DNAT_INGRESS, Effect.HAND_OVER, "allow-nodeport", 0);
        assertVerdict(ALLOW, on(tutorial(true), "node1", nodePortToLocalPod(OUTSIDE, NODE1)));
        // another destination address on the same interface: not an address the selector resolves to
        assertVerdict(DENY, on(tutorial(true), "node1", nodePort(OUTSIDE, "10.240.0.99")));
        // another port
        assertVerdict(DENY, on(tutorial(true), "node1",
                Packets.tcp(OUTSIDE, 40000, NODE1, 31853).in("eth0").build()));
    }

    @Test
    void theSpecialValueLabelOpensTheNodePortOnlyOnTheLabelledNode() {
        GlobalNetworkPolicy special = gnp("allow-nodeport").order(10).preDnat()
                .selector("host-endpoint == 'nodeport-open'")
                .ingress(allow().protocol(Protocol.TCP)
                        .destination(side().selector("host-endpoint == 'nodeport-open'").ports(31852)))
                .build();
        List<Resource> r = new ArrayList<>(List.of(ALLOW_CLUSTER_INTERNAL, DROP_OTHER, ALLOW_OUTBOUND, special,
                hep("node1-eth0").node("node1").iface("eth0").label("host-endpoint", "nodeport-open").ips(NODE1)
                        .build(),
                hep("node2-eth0").node("node2").iface("eth0").label("host-endpoint", "ingress").ips(NODE2).build()));
        PolicySet set = PolicySet.of(r);
        assertVerdict(ALLOW, on(set, "node1", nodePort(OUTSIDE, NODE1)));
        Decision node2 = on(set, "node2", nodePort(OUTSIDE, NODE2));
        assertVerdict(DENY, node2);
        assertRule(node2, Stage.PRE_DNAT_INGRESS, Effect.DENY, "drop-other-ingress", 0);
        // both nodes still let the cluster in
        assertVerdict(ALLOW, on(set, "node2", nodePort(INSIDE, NODE2)));
    }
}
