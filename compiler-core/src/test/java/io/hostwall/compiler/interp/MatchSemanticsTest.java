package io.hostwall.compiler.interp;

import static io.hostwall.ir.testing.IrFixtures.addressPortSet;
import static io.hostwall.ir.testing.IrFixtures.base;
import static io.hostwall.ir.testing.IrFixtures.dports;
import static io.hostwall.ir.testing.IrFixtures.dst;
import static io.hostwall.ir.testing.IrFixtures.icmp;
import static io.hostwall.ir.testing.IrFixtures.iif;
import static io.hostwall.ir.testing.IrFixtures.iifPrefix;
import static io.hostwall.ir.testing.IrFixtures.mark;
import static io.hostwall.ir.testing.IrFixtures.netSet;
import static io.hostwall.ir.testing.IrFixtures.notDports;
import static io.hostwall.ir.testing.IrFixtures.notDst;
import static io.hostwall.ir.testing.IrFixtures.notIifPrefix;
import static io.hostwall.ir.testing.IrFixtures.notMark;
import static io.hostwall.ir.testing.IrFixtures.notProto;
import static io.hostwall.ir.testing.IrFixtures.notSrc;
import static io.hostwall.ir.testing.IrFixtures.oif;
import static io.hostwall.ir.testing.IrFixtures.port;
import static io.hostwall.ir.testing.IrFixtures.proto;
import static io.hostwall.ir.testing.IrFixtures.range;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static io.hostwall.ir.testing.IrFixtures.ruleset;
import static io.hostwall.ir.testing.IrFixtures.setMark;
import static io.hostwall.ir.testing.IrFixtures.src;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.ir.Hook;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.Match;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every IR {@link Match}, as its Javadoc defines it, in a filter FORWARD chain (both interfaces visible). */
class MatchSemanticsTest {
    private static final Packet TCP4 = Packets.tcp("203.0.113.7", 40000, "10.1.0.9", 443).in("eth0").out("eth1")
            .build();
    private static final Packet UDP4 = Packets.udp("203.0.113.7", 40000, "10.1.0.9", 53).in("eth0").out("eth1")
            .build();
    private static final Packet TCP6 = Packets.tcp("2001:db8::7", 40000, "fd00::9", 443).in("eth0").out("eth1")
            .build();
    private static final Packet PING4 = Packets.icmp("203.0.113.7", "10.1.0.9", 8, 0).in("eth0").out("eth1").build();
    private static final Packet PING6 = Packets.icmp("2001:db8::7", "fd00::9", 128, 0).in("eth0").out("eth1")
            .build();

    private static boolean hits(Packet p, Match m, IpSet... sets) {
        var r = ruleset(List.of(base("f", TableKind.FILTER, Hook.FORWARD, rule(setMark(0x1, 0x1), m))), List.of(),
                List.of(sets));
        return new RulesetInterpreter(r).run(p).finalMark() == 0x1;
    }

    @Test
    void interfaceExactPrefixAndNegated() {
        assertTrue(hits(TCP4, iif("eth0")));
        assertFalse(hits(TCP4, iif("eth1")));
        assertTrue(hits(TCP4, oif("eth1")));
        assertTrue(hits(TCP4, iifPrefix("eth")));
        assertFalse(hits(TCP4, iifPrefix("cali")));
        assertTrue(hits(TCP4, notIifPrefix("cali")));
        assertFalse(hits(TCP4, new Match.Interface(io.hostwall.ir.InterfaceDirection.IN, "eth0", false, true)));
    }

    @Test
    void family() {
        assertTrue(hits(TCP4, new Match.Family(IpFamily.V4)));
        assertFalse(hits(TCP6, new Match.Family(IpFamily.V4)));
    }

    @Test
    void protocolAndNegated() {
        assertTrue(hits(TCP4, proto(6)));
        assertFalse(hits(UDP4, proto(6)));
        assertTrue(hits(UDP4, notProto(6)));
        assertFalse(hits(TCP4, notProto(6)));
    }

    @Test
    void addressIsFamilyBoundEvenWhenNegated() {
        assertTrue(hits(TCP4, src("203.0.113.0/24")));
        assertFalse(hits(TCP4, notSrc("203.0.113.0/25")));
        assertTrue(hits(TCP4, dst("10.0.0.0/8")));
        assertTrue(hits(TCP4, notDst("10.2.0.0/16")));
        assertFalse(hits(TCP6, notDst("10.2.0.0/16")));
        assertTrue(hits(TCP6, dst("fd00::/8")));
        assertTrue(hits(TCP6, src("2001:db8::7/128")));
    }

    @Test
    void addressSetsLookUpNetworksOfEveryPrefixLength() {
        IpSet v4 = netSet("nets4", IpFamily.V4, "10.1.0.9/32", "192.168.0.0/16", "0.0.0.0/1");
        IpSet v6 = netSet("nets6", IpFamily.V6, "fd00::/16", "2001:db8::7/128");
        Match srcIn4 = new Match.AddressSet(Side.SOURCE, "nets4", IpFamily.V4, false);
        Match dstIn4 = new Match.AddressSet(Side.DESTINATION, "nets4", IpFamily.V4, false);
        Match srcIn6 = new Match.AddressSet(Side.SOURCE, "nets6", IpFamily.V6, false);
        Match dstNotIn6 = new Match.AddressSet(Side.DESTINATION, "nets6", IpFamily.V6, true);
        assertTrue(hits(TCP4, dstIn4, v4, v6));
        assertFalse(hits(TCP4, srcIn4, v4, v6)); // 203.x is not in 0.0.0.0/1
        assertTrue(hits(Packets.tcp("100.1.1.1", 1, "10.1.0.9", 1).in("eth0").out("eth1").build(), srcIn4, v4, v6));
        assertTrue(hits(TCP6, srcIn6, v4, v6));
        assertFalse(hits(TCP6, dstNotIn6, v4, v6));
        assertFalse(hits(TCP4, srcIn6, v4, v6)); // family-bound
        assertFalse(hits(TCP4, new Match.AddressSet(Side.SOURCE, "nets6", IpFamily.V6, true), v4, v6));
        assertThrows(IllegalStateException.class,
                () -> hits(TCP4, new Match.AddressSet(Side.SOURCE, "nets6", IpFamily.V4, false), v4, v6));
    }

    @Test
    void portsImplyTheirProtocolEvenWhenNegated() {
        assertTrue(hits(TCP4, dports(6, port(80), range(400, 500))));
        assertFalse(hits(TCP4, dports(6, 80)));
        assertTrue(hits(TCP4, notDports(6, port(80))));
        assertFalse(hits(TCP4, notDports(6, port(443))));
        assertFalse(hits(UDP4, notDports(6, port(80))));
        assertFalse(hits(UDP4, dports(6, 53)));
        assertTrue(hits(UDP4, dports(17, 53)));
        assertTrue(hits(TCP4, new Match.Ports(Side.SOURCE, 6,
                com.google.common.collect.ImmutableList.of(new io.hostwall.net.PortRange(40000, 40000)),
                false)));
    }

    @Test
    void addressPortSetsMatchAddressProtocolAndPort() {
        IpSet named = addressPortSet("np4", IpFamily.V4, "10.1.0.9,6,443", "10.1.0.9,17,5353");
        Match in = new Match.AddressPortSet(Side.DESTINATION, "np4", IpFamily.V4, false);
        Match notIn = new Match.AddressPortSet(Side.DESTINATION, "np4", IpFamily.V4, true);
        assertTrue(hits(TCP4, in, named));
        assertFalse(hits(UDP4, in, named));
        assertTrue(hits(UDP4, notIn, named));
        assertFalse(hits(TCP4, notIn, named));
        assertTrue(hits(PING4, notIn, named)); // no port: not a member
        assertFalse(hits(TCP6, notIn, named)); // family-bound
    }

    @Test
    void icmpTypeAndCode() {
        assertTrue(hits(PING4, icmp(IpFamily.V4, 8, null, false)));
        assertTrue(hits(PING4, icmp(IpFamily.V4, 8, 0, false)));
        assertTrue(hits(PING4, icmp(IpFamily.V4, null, null, false)));
        assertFalse(hits(PING4, icmp(IpFamily.V4, 8, 1, false)));
        assertFalse(hits(PING6, icmp(IpFamily.V4, 128, null, false)));
        assertTrue(hits(PING6, icmp(IpFamily.V6, 128, null, false)));
        assertFalse(hits(TCP4, icmp(IpFamily.V4, null, null, false)));
    }

    @Test
    void negatedIcmpIsNotTypeAndCodeAndHoldsForEveryNonIcmpPacket() {
        assertFalse(hits(PING4, icmp(IpFamily.V4, 8, null, true)));
        assertFalse(hits(PING4, icmp(IpFamily.V4, 8, 0, true)));
        assertTrue(hits(PING4, icmp(IpFamily.V4, 8, 3, true))); // code differs
        assertTrue(hits(PING4, icmp(IpFamily.V4, 0, null, true)));
        assertTrue(hits(TCP4, icmp(IpFamily.V4, 8, null, true)));
        assertTrue(hits(TCP6, icmp(IpFamily.V4, 8, null, true)));
        assertTrue(hits(PING6, icmp(IpFamily.V4, 128, null, true))); // ICMPv6 is not ICMP
        assertFalse(hits(PING6, icmp(IpFamily.V6, 128, null, true)));
    }

    @Test
    void markMaskedCompareAndNegated() {
        var r = ruleset(List.of(base("f", TableKind.FILTER, Hook.FORWARD, rule(setMark(0x30000, 0x30000)),
                rule(setMark(0x1, 0x1), mark(0x10000, 0x10000)),
                rule(setMark(0x2, 0x2), notMark(0x20000, 0)),
                rule(setMark(0x4, 0x4), mark(0x40000, 0x40000)),
                rule(setMark(0x8, 0x8), mark(0x30000, 0x10000)))), List.of(), List.of());
        int m = new RulesetInterpreter(r).run(TCP4).finalMark();
        assertTrue((m & 0xf) == 0x3, Integer.toHexString(m));
    }
}
