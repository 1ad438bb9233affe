package io.hostwall.compiler.oracle;

import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.gen.Models.labels;
import static io.hostwall.compiler.gen.Models.networkSet;
import static io.hostwall.compiler.gen.Models.side;
import static io.hostwall.compiler.oracle.OracleTesting.HOST;
import static io.hostwall.compiler.oracle.OracleTesting.OUTSIDE;
import static io.hostwall.compiler.oracle.OracleTesting.assertVerdict;
import static io.hostwall.compiler.oracle.OracleTesting.decide;
import static io.hostwall.compiler.oracle.OracleTesting.eth0;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Models.RuleBuilder;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.model.HostEndpoint;
import io.hostwall.net.IpFamily;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import org.junit.jupiter.api.Test;

/** SEMANTICS §3/§4: rule criteria and selector/named-port resolution, one at a time, on normal ingress. */
class RuleMatchingTest {
    private static final HostEndpoint V6_ETH0 = hep("node1-eth0").iface("eth0").label("role", "host")
            .ips(HOST, "fd00::10").build();

    /** Allowed exactly when {@code rule} (an Allow) matches, since nothing else allows. */
    private static boolean matches(RuleBuilder rule, Packet p, Resource... more) {
        Resource[] all = new Resource[more.length + 2];
        all[0] = V6_ETH0;
        all[1] = gnp("p").ingress(rule).build();
        System.arraycopy(more, 0, all, 2, more.length);
        return decide(p, all).verdict() == ALLOW;
    }

    private static Packet tcpIn(String src, String dst, int dport) {
        return Packets.tcp(src, 40000, dst, dport).in("eth0").build();
    }

    @Test
    void protocolAndNotProtocol() {
        assertTrue(matches(allow().protocol(Protocol.TCP), tcpIn(OUTSIDE, HOST, 80)));
        assertFalse(matches(allow().protocol(Protocol.UDP), tcpIn(OUTSIDE, HOST, 80)));
        assertFalse(matches(allow().notProtocol(Protocol.TCP), tcpIn(OUTSIDE, HOST, 80)));
        assertTrue(matches(allow().notProtocol(Protocol.UDP), tcpIn(OUTSIDE, HOST, 80)));
        assertTrue(matches(allow().protocol(new Protocol(47)), Packets.proto(47, OUTSIDE, HOST).in("eth0").build()));
    }

    @Test
    void ipVersionAndTheFamilyImpliedByIcmpProtocols() {
        Packet v6 = tcpIn("fd00::99", "fd00::10", 80);
        assertTrue(matches(allow().ipVersion(IpFamily.V6), v6));
        assertFalse(matches(allow().ipVersion(IpFamily.V4), v6));
        Packet ping6 = Packets.icmp("fd00::99", "fd00::10", 128, 0).in("eth0").build();
        Packet ping4 = Packets.icmp(OUTSIDE, HOST, 8, 0).in("eth0").build();
        assertTrue(matches(allow().protocol(Protocol.ICMPV6), ping6));
        assertFalse(matches(allow().protocol(Protocol.ICMP), ping6));
        assertTrue(matches(allow().protocol(Protocol.ICMP), ping4));
    }

    @Test
    void icmpTypeAndCode() {
        Packet ping = Packets.icmp(OUTSIDE, HOST, 8, 0).in("eth0").build();
        assertTrue(matches(allow().protocol(Protocol.ICMP).icmp(8, null), ping));
        assertTrue(matches(allow().protocol(Protocol.ICMP).icmp(8, 0), ping));
        assertFalse(matches(allow().protocol(Protocol.ICMP).icmp(8, 1), ping));
        assertFalse(matches(allow().protocol(Protocol.ICMP).icmp(0, null), ping));
    }

    @Test
    void notIcmpExcludesOnlyIcmpPacketsOfThatTypeAndCode() {
        Packet ping = Packets.icmp(OUTSIDE, HOST, 8, 0).in("eth0").build();
        Packet unreachable = Packets.icmp(OUTSIDE, HOST, 3, 1).in("eth0").build();
        assertFalse(matches(allow().notIcmp(8, null), ping));
        assertFalse(matches(allow().notIcmp(8, 0), ping));
        assertTrue(matches(allow().notIcmp(8, 1), ping)); // NOT (type AND code): code differs
        assertTrue(matches(allow().notIcmp(8, null), unreachable));
        // not ICMP at all: notICMP holds
        assertTrue(matches(allow().notIcmp(8, null), tcpIn(OUTSIDE, HOST, 80)));
        // ICMPv6 type 128 is excluded by notICMP type 128 in an IPv6 packet
        Packet ping6 = Packets.icmp("fd00::99", "fd00::10", 128, 0).in("eth0").build();
        assertFalse(matches(allow().notIcmp(128, null), ping6));
        assertTrue(matches(allow().protocol(Protocol.ICMPV6).notIcmp(8, null), ping6));
    }

    @Test
    void netsAndNotNets() {
        assertTrue(matches(allow().source(side().nets("203.0.113.0/24", "198.51.100.0/24")), tcpIn(OUTSIDE, HOST, 80)));
        assertFalse(matches(allow().source(side().nets("198.51.100.0/24")), tcpIn(OUTSIDE, HOST, 80)));
        assertFalse(matches(allow().source(side().notNets("203.0.113.0/28")), tcpIn(OUTSIDE, HOST, 80)));
        assertTrue(matches(allow().source(side().notNets("203.0.113.128/25")), tcpIn(OUTSIDE, HOST, 80)));
        assertTrue(matches(allow().destination(side().nets("10.0.0.10/32")), tcpIn(OUTSIDE, HOST, 80)));
    }

    @Test
    void aRuleWithNetsOfOneFamilyNeverMatchesTheOtherFamily() {
        Packet v6 = tcpIn("fd00::99", "fd00::10", 80);
        assertFalse(matches(allow().source(side().nets("10.0.0.0/8")), v6));
        assertFalse(matches(allow().source(side().notNets("10.0.0.0/8")), v6));
        assertFalse(matches(allow().destination(side().notNets("10.0.0.0/8")), v6));
        assertTrue(matches(allow().source(side().notNets("fd01::/16")), v6));
    }

    @Test
    void portsRangesAndNotPorts() {
        RuleBuilder web = allow().protocol(Protocol.TCP).destination(side().ports(80, "8000:8080"));
        assertTrue(matches(web, tcpIn(OUTSIDE, HOST, 80)));
        assertTrue(matches(web, tcpIn(OUTSIDE, HOST, 8000)));
        assertTrue(matches(web, tcpIn(OUTSIDE, HOST, 8080)));
        assertFalse(matches(web, tcpIn(OUTSIDE, HOST, 8081)));
        RuleBuilder notWeb = allow().protocol(Protocol.TCP).destination(side().notPorts(80, "8000:8080"));
        assertFalse(matches(notWeb, tcpIn(OUTSIDE, HOST, 8001)));
        assertTrue(matches(notWeb, tcpIn(OUTSIDE, HOST, 443)));
        assertTrue(matches(allow().protocol(Protocol.TCP).source(side().ports(40000)), tcpIn(OUTSIDE, HOST, 1)));
    }

    @Test
    void selectorsResolveToExpectedIpsOfEndpointsOnAnyNode() {
        HostEndpoint db = hep("node2-eth0").node("node2").iface("eth0").label("role", "db").ips("10.0.2.2").build();
        RuleBuilder fromDb = allow().source(side().selector("role == 'db'"));
        assertTrue(matches(fromDb, tcpIn("10.0.2.2", HOST, 80), db));
        assertFalse(matches(fromDb, tcpIn("10.0.2.3", HOST, 80), db));
        // The local endpoint's own address through a destination selector.
        assertTrue(matches(allow().destination(side().selector("role == 'host'")), tcpIn(OUTSIDE, HOST, 80)));
    }

    @Test
    void anEndpointWithoutExpectedIpsContributesNoAddress() {
        HostEndpoint bare = hep("node2-eth0").node("node2").iface("eth0").label("role", "db").build();
        assertFalse(matches(allow().source(side().selector("role == 'db'")), tcpIn("10.0.2.2", HOST, 80), bare));
        assertFalse(matches(allow().source(side().selector("all()")), tcpIn("10.0.2.2", HOST, 80), bare));
    }

    @Test
    void selectorsResolveToGlobalNetworkSetNets() {
        var set = networkSet("partners", labels("kind", "partner"), "203.0.113.0/24", "fd00:99::/32");
        assertTrue(matches(allow().source(side().selector("kind == 'partner'")), tcpIn(OUTSIDE, HOST, 80), set));
        assertTrue(matches(allow().source(side().selector("kind == 'partner'")), tcpIn("fd00:99::1", "fd00::10", 80),
                set));
        assertFalse(matches(allow().source(side().selector("kind == 'partner'")), tcpIn("198.51.100.1", HOST, 80),
                set));
    }

    @Test
    void notSelectorMatchesEverythingElseIncludingOutsiders() {
        var set = networkSet("partners", labels("kind", "partner"), "203.0.113.0/24");
        assertFalse(matches(allow().source(side().notSelector("kind == 'partner'")), tcpIn(OUTSIDE, HOST, 80), set));
        assertTrue(matches(allow().source(side().notSelector("kind == 'partner'")), tcpIn("198.51.100.1", HOST, 80),
                set));
    }

    @Test
    void namedPortsResolveToExpectedIpsAndPortsOfEndpoints() {
        HostEndpoint web = hep("node1-eth0").iface("eth0").label("role", "host").ips(HOST)
                .port("http", Protocol.TCP, 8080).port("dns", Protocol.UDP, 5353).build();
        java.util.function.BiFunction<RuleBuilder, Packet, Boolean> m = (rule, p) ->
                decide(p, web, gnp("p").ingress(rule).build()).verdict() == ALLOW;
        assertTrue(m.apply(allow().protocol(Protocol.TCP).destination(side().ports("http")), tcpIn(OUTSIDE, HOST, 8080)));
        assertFalse(m.apply(allow().protocol(Protocol.TCP).destination(side().ports("http")), tcpIn(OUTSIDE, HOST, 80)));
        // the address is part of the member
        assertFalse(m.apply(allow().protocol(Protocol.TCP).destination(side().ports("http")),
                tcpIn(OUTSIDE, "10.0.0.11", 8080)));
        // without a rule protocol the named port's own protocol counts
        assertTrue(m.apply(allow().destination(side().ports("dns")),
                Packets.udp(OUTSIDE, 1, HOST, 5353).in("eth0").build()));
        assertFalse(m.apply(allow().destination(side().ports("dns")), tcpIn(OUTSIDE, HOST, 5353)));
        // a rule protocol different from the port's: no member
        assertFalse(m.apply(allow().protocol(Protocol.TCP).destination(side().ports("dns")),
                tcpIn(OUTSIDE, HOST, 5353)));
        // numeric OR named
        assertTrue(m.apply(allow().protocol(Protocol.TCP).destination(side().ports(22000, "http")),
                tcpIn(OUTSIDE, HOST, 8080)));
        // notPorts with a named port
        assertFalse(m.apply(allow().protocol(Protocol.TCP).destination(side().notPorts("http")),
                tcpIn(OUTSIDE, HOST, 8080)));
        assertTrue(m.apply(allow().protocol(Protocol.TCP).destination(side().notPorts("http")),
                tcpIn(OUTSIDE, HOST, 8081)));
    }

    @Test
    void aSidesSelectorFiltersItsNamedPorts() {
        HostEndpoint web = hep("node1-eth0").iface("eth0").label("role", "host").ips(HOST)
                .port("http", Protocol.TCP, 8080).build();
        HostEndpoint other = hep("node2-eth0").node("node2").iface("eth0").label("role", "other").ips("10.0.2.2")
                .port("http", Protocol.TCP, 9090).build();
        RuleBuilder otherHttp = allow().protocol(Protocol.TCP)
                .destination(side().selector("role == 'other'").ports("http"));
        assertFalse(decide(tcpIn(OUTSIDE, HOST, 8080), web, other, gnp("p").ingress(otherHttp).build()).verdict()
                == ALLOW);
        assertTrue(decide(tcpIn(OUTSIDE, "10.0.2.2", 9090), web, other, gnp("p").ingress(otherHttp).build())
                .verdict() == ALLOW);
    }

    @Test
    void everyCriterionMustHold() {
        RuleBuilder r = allow().protocol(Protocol.TCP).source(side().nets("203.0.113.0/24"))
                .destination(side().ports(80));
        assertTrue(matches(r, tcpIn(OUTSIDE, HOST, 80)));
        assertFalse(matches(r, tcpIn("198.51.100.1", HOST, 80)));
        assertFalse(matches(r, tcpIn(OUTSIDE, HOST, 81)));
        assertVerdict(DENY, decide(tcpIn(OUTSIDE, HOST, 81), eth0(), gnp("p").ingress(r).build()));
    }

    private static void assertTrue(boolean b) {
        org.junit.jupiter.api.Assertions.assertTrue(b);
    }

    private static void assertFalse(boolean b) {
        org.junit.jupiter.api.Assertions.assertFalse(b);
    }
}
