package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.accept;
import static io.hostwall.ir.testing.IrFixtures.cidr;
import static io.hostwall.ir.testing.IrFixtures.ct;
import static io.hostwall.ir.testing.IrFixtures.dportRanges;
import static io.hostwall.ir.testing.IrFixtures.dports;
import static io.hostwall.ir.testing.IrFixtures.drop;
import static io.hostwall.ir.testing.IrFixtures.icmp;
import static io.hostwall.ir.testing.IrFixtures.proto;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.CtState;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.Match;
import io.hostwall.ir.Side;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact spelling of every match kind (FR §8.3). */
class MatchRenderingTest {
    private static final IpSet NETS4 = IrFixtures.netSet("hw4n-abc", IpFamily.V4, "10.0.0.0/8", "192.168.0.0/16");
    private static final IpSet NETS6 = IrFixtures.netSet("hw6n-abc", IpFamily.V6, "fd00::/64", "fd01::/64");
    private static final IpSet PORTS4 = IrFixtures.addressPortSet("hw4p-abc", IpFamily.V4, "10.0.0.1,6,80");
    private static final IpSet PORTS6 = IrFixtures.addressPortSet("hw6p-abc", IpFamily.V6, "fd00::1,17,53");

    private static String render(Match... matches) {
        return Render.plain(NETS4, NETS6, PORTS4, PORTS6).rule(rule(accept(), matches));
    }

    @Test
    void interfaces() {
        assertEquals("iifname \"eth0\" accept", render(new Match.Interface(InterfaceDirection.IN, "eth0", false, false)));
        assertEquals("oifname \"eth1\" accept", render(new Match.Interface(InterfaceDirection.OUT, "eth1", false, false)));
        assertEquals("iifname \"cali*\" accept", render(new Match.Interface(InterfaceDirection.IN, "cali", true, false)));
        assertEquals("oifname != \"cali*\" accept", render(new Match.Interface(InterfaceDirection.OUT, "cali", true, true)));
        assertEquals("iifname != \"eth0\" accept", render(new Match.Interface(InterfaceDirection.IN, "eth0", false, true)));
        // 15 characters leave no room for "*" (nft: at most 16 bytes); no longer name exists, so it is exact.
        assertEquals("iifname \"abcdefghijklmno\" accept",
                render(new Match.Interface(InterfaceDirection.IN, "abcdefghijklmno", true, false)));
        assertEquals("iifname \"abcdefghijklmn*\" accept",
                render(new Match.Interface(InterfaceDirection.IN, "abcdefghijklmn", true, false)));
    }

    @Test
    void familyIsExplicitOnlyWhenNothingElseImpliesIt() {
        assertEquals("meta nfproto ipv4 accept", render(new Match.Family(IpFamily.V4)));
        assertEquals("meta nfproto ipv6 meta l4proto tcp tcp dport 22 accept",
                render(new Match.Family(IpFamily.V6), proto(6), dports(6, 22)));
        assertEquals("ip saddr 10.0.0.0/8 accept",
                render(new Match.Family(IpFamily.V4), new Match.Address(Side.SOURCE, cidr("10.0.0.0/8"), false)));
        assertEquals("icmp type 8 accept", render(new Match.Family(IpFamily.V4), icmp(IpFamily.V4, 8, null, false)));
    }

    @Test
    void protocols() {
        assertEquals("meta l4proto tcp accept", render(proto(6)));
        assertEquals("meta l4proto udp accept", render(proto(17)));
        assertEquals("meta l4proto 132 accept", render(proto(132)));
        assertEquals("meta l4proto icmp accept", render(proto(1)));
        assertEquals("meta l4proto icmpv6 accept", render(proto(58)));
        assertEquals("meta l4proto != udp accept", render(new Match.Protocol(17, true)));
        assertThrows(IllegalArgumentException.class, () -> render(proto(256)));
    }

    @Test
    void addresses() {
        assertEquals("ip saddr 10.0.0.0/8 accept", render(new Match.Address(Side.SOURCE, cidr("10.0.0.0/8"), false)));
        assertEquals("ip daddr != 10.1.2.3/32 accept",
                render(new Match.Address(Side.DESTINATION, cidr("10.1.2.3/32"), true)));
        assertEquals("ip6 daddr fd00::/64 accept", render(new Match.Address(Side.DESTINATION, cidr("fd00::/64"), false)));
        assertEquals("ip6 saddr != ::/0 accept", render(new Match.Address(Side.SOURCE, cidr("::/0"), true)));
    }

    @Test
    void addressSets() {
        assertEquals("ip saddr @hw4n-abc accept", render(new Match.AddressSet(Side.SOURCE, "hw4n-abc", IpFamily.V4, false)));
        assertEquals("ip6 daddr != @hw6n-abc accept",
                render(new Match.AddressSet(Side.DESTINATION, "hw6n-abc", IpFamily.V6, true)));
        assertThrows(IllegalArgumentException.class,
                () -> render(new Match.AddressSet(Side.SOURCE, "hw4n-missing", IpFamily.V4, false)));
        assertThrows(IllegalArgumentException.class, // wrong family
                () -> render(new Match.AddressSet(Side.SOURCE, "hw4n-abc", IpFamily.V6, false)));
        assertThrows(IllegalArgumentException.class, // wrong type
                () -> render(new Match.AddressSet(Side.SOURCE, "hw4p-abc", IpFamily.V4, false)));
    }

    @Test
    void portsInlineWhenOneRange() {
        assertEquals("meta l4proto tcp tcp dport 80 accept", render(proto(6), dports(6, 80)));
        assertEquals("meta l4proto udp udp dport 8000-8080 accept",
                render(proto(17), dportRanges(17, false, new PortRange(8000, 8080))));
        assertEquals("meta l4proto 132 sctp dport != 9 accept", render(proto(132), dportRanges(132, true, PortRange.single(9))));
        assertEquals("meta l4proto tcp tcp sport 1024-65535 accept", render(proto(6),
                new Match.Ports(Side.SOURCE, 6, ImmutableList.of(new PortRange(1024, 65535)), false)));
    }

    @Test
    void portsOfOtherProtocolsUseThAndNeedTheProtocolMatch() {
        assertEquals("meta l4proto 136 th dport 80 accept", render(proto(136), dports(136, 80)));
        assertThrows(IllegalArgumentException.class, () -> render(dports(136, 80)));
        assertThrows(IllegalArgumentException.class, () -> render(new Match.Protocol(136, true), dports(136, 80)));
    }

    @Test
    void longPortListsGoToOneSharedNamedSet() {
        Render r = Render.plain();
        PortRange[] five = {PortRange.single(22), PortRange.single(80), PortRange.single(443), new PortRange(8000, 8080),
                PortRange.single(9090)};
        String a = r.rule(rule(accept(), proto(6), dportRanges(6, false, five)));
        String b = r.rule(rule(accept(), proto(6), dportRanges(6, true, five)));
        assertEquals(List.of(a), r.lines(rule(accept(), proto(6), dportRanges(6, false, five))));
        String name = NftNames.hashed("ports", "22,80,443,8000-8080,9090");
        assertEquals("meta l4proto tcp tcp dport @" + name + " accept", a);
        assertEquals("meta l4proto tcp tcp dport != @" + name + " accept", b);
        assertEquals(ImmutableList.of("\tset " + name + " {\n\t\ttype inet_service\n\t\tflags interval\n"
                + "\t\telements = { 22, 80, 443, 8000-8080, 9090 }\n\t}\n"), r.declarations());
        r.rule(rule(accept(), proto(17), dports(17, 53, 853, 5353, 5354, 5355)));
        assertEquals(2, r.declarations().size());
    }

    /** Short lists need no set: one rule per port or range, or one {@code !=} per range when negated. */
    @Test
    void shortPortListsAreWrittenWithoutASet() {
        Render r = Render.plain();
        assertEquals(List.of("meta l4proto tcp tcp dport 22 accept", "meta l4proto tcp tcp dport 8000-8080 accept"),
                r.lines(rule(accept(), proto(6), dportRanges(6, false, PortRange.single(22), new PortRange(8000, 8080)))));
        assertEquals(List.of("meta l4proto tcp tcp dport != 22 tcp dport != 8000-8080 accept"),
                r.lines(rule(accept(), proto(6), dportRanges(6, true, PortRange.single(22), new PortRange(8000, 8080)))));
        // four is still short; both sides split, so a packet meets at most one of the rules
        assertEquals(List.of("meta l4proto udp udp sport 1 udp dport 53 drop", "meta l4proto udp udp sport 1 udp dport 853 drop",
                        "meta l4proto udp udp sport 2 udp dport 53 drop", "meta l4proto udp udp sport 2 udp dport 853 drop"),
                r.lines(rule(drop(), proto(17), new Match.Ports(Side.SOURCE, 17,
                        ImmutableList.of(PortRange.single(1), PortRange.single(2)), false), dports(17, 53, 853))));
        assertEquals(4, r.lines(rule(accept(), proto(6), dports(6, 1, 2, 3, 4))).size());
        assertEquals(List.of(), r.declarations());
        // the split is exact only for disjoint ranges, which the IR promises; anything else is refused
        assertThrows(IllegalArgumentException.class, () -> r.lines(rule(accept(), proto(6),
                dportRanges(6, false, new PortRange(80, 90), PortRange.single(85)))));
    }

    @Test
    void addressPortSets() {
        assertEquals("ip daddr . meta l4proto . th dport @hw4p-abc accept",
                render(new Match.AddressPortSet(Side.DESTINATION, "hw4p-abc", IpFamily.V4, false)));
        assertEquals("ip6 saddr . meta l4proto . th sport != @hw6p-abc accept",
                render(new Match.AddressPortSet(Side.SOURCE, "hw6p-abc", IpFamily.V6, true)));
        assertThrows(IllegalArgumentException.class,
                () -> render(new Match.AddressPortSet(Side.SOURCE, "hw4n-abc", IpFamily.V4, false)));
    }

    @Test
    void icmpPositive() {
        assertEquals("icmp type 8 accept", render(icmp(IpFamily.V4, 8, null, false)));
        assertEquals("icmp type 8 icmp code 0 accept", render(icmp(IpFamily.V4, 8, 0, false)));
        assertEquals("icmpv6 type 128 accept", render(icmp(IpFamily.V6, 128, null, false)));
        assertEquals("icmpv6 type 1 icmpv6 code 4 accept", render(icmp(IpFamily.V6, 1, 4, false)));
        assertEquals("meta nfproto ipv4 meta l4proto icmp accept", render(icmp(IpFamily.V4, null, null, false)));
        assertEquals("meta nfproto ipv6 meta l4proto icmpv6 accept", render(icmp(IpFamily.V6, null, null, false)));
        assertThrows(IllegalArgumentException.class, () -> render(icmp(IpFamily.V4, 256, null, false)));
        assertThrows(IllegalArgumentException.class, () -> render(icmp(IpFamily.V4, null, 0, false)));
    }

    @Test
    void icmpNegatedIsNotOfTheConjunctionAndTrueForNonIcmp() {
        assertEquals("meta nfproto ipv4 meta l4proto != icmp accept", render(icmp(IpFamily.V4, null, null, true)));
        assertEquals("meta nfproto ipv6 meta l4proto != icmpv6 accept", render(icmp(IpFamily.V6, null, null, true)));

        Render r = Render.plain();
        assertEquals("meta nfproto ipv4 meta l4proto . th sport != @icmp4-not-8-0 accept",
                r.rule(rule(accept(), icmp(IpFamily.V4, 8, 0, true))));
        assertEquals("meta nfproto ipv6 meta l4proto . th sport != @icmp6-not-128 accept",
                r.rule(rule(accept(), icmp(IpFamily.V6, 128, null, true))));
        // th sport is the type (high byte) and the code: 8/0 is 2048; type 128 with any code is 32768-33023.
        assertEquals(ImmutableList.of(
                "\tset icmp4-not-8-0 {\n\t\ttype inet_proto . inet_service\n\t\tflags interval\n"
                        + "\t\telements = { icmp . 2048 }\n\t}\n",
                "\tset icmp6-not-128 {\n\t\ttype inet_proto . inet_service\n\t\tflags interval\n"
                        + "\t\telements = { icmpv6 . 32768-33023 }\n\t}\n"),
                r.declarations());
        // Never the non-equivalent "type != 8 code != 0" form (FR §8.3).
        assertTrue(r.declarations().stream().noneMatch(d -> d.contains("!=")));
    }

    @Test
    void marks() {
        assertEquals("meta mark & 0x10000 == 0x10000 accept", render(new Match.Mark(0x10000, 0x10000, false)));
        assertEquals("meta mark & 0x20000 == 0x0 accept", render(new Match.Mark(0x20000, 0, false)));
        assertEquals("meta mark & 0x30000 != 0x0 accept", render(new Match.Mark(0x30000, 0, true)));
        assertEquals("meta mark 0x5 accept", render(new Match.Mark(-1, 5, false)));
        assertThrows(IllegalArgumentException.class, () -> render(new Match.Mark(0x10000, 0x20000, false)));
    }

    @Test
    void conntrack() {
        assertEquals("ct state established,related accept", render(ct(false, CtState.RELATED, CtState.ESTABLISHED)));
        assertEquals("ct state invalid accept", render(ct(false, CtState.INVALID)));
        // Not "ct state != established,related": that compares the whole word with 0x6 and is always true.
        assertEquals("ct state & (established | related) == 0 accept",
                render(ct(true, CtState.ESTABLISHED, CtState.RELATED)));
        assertEquals("ct state & untracked == 0 accept", render(ct(true, CtState.UNTRACKED)));
        assertEquals("ct state new,untracked accept", render(ct(false, CtState.UNTRACKED, CtState.NEW)));
        // Not "ct status != dnat" (FR §9 trap).
        assertEquals("ct status & dnat != 0 accept", render(new Match.ConntrackDnat(true)));
        assertEquals("ct status & dnat == 0 accept", render(new Match.ConntrackDnat(false)));
    }

    @Test
    void matchesKeepIrOrder() {
        assertEquals("iifname \"eth0\" meta l4proto tcp ip saddr @hw4n-abc tcp dport 22 ct state new accept",
                render(IrFixtures.iif("eth0"), proto(6), new Match.AddressSet(Side.SOURCE, "hw4n-abc", IpFamily.V4, false),
                        dports(6, 22), ct(false, CtState.NEW)));
    }

    @Test
    void contradictoryProtocolsAreRefused() {
        // nft itself refuses these ("conflicting protocols specified"); the rule could never match anyway.
        assertThrows(IllegalArgumentException.class, () -> render(proto(17), icmp(IpFamily.V6, 1, null, false)));
        assertThrows(IllegalArgumentException.class, () -> render(proto(17), dports(6, 80)));
        assertThrows(IllegalArgumentException.class, () -> render(proto(6), proto(17)));
        // Negated ICMP has no protocol requirement.
        assertEquals("meta nfproto ipv4 meta l4proto udp meta l4proto . th sport != @icmp4-not-8 accept",
                render(proto(17), icmp(IpFamily.V4, 8, null, true)));
    }

    @Test
    void mixedFamiliesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> render(new Match.Family(IpFamily.V4), new Match.Address(Side.SOURCE, cidr("fd00::/8"), false)));
    }
}
