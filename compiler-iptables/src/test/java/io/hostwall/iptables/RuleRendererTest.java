package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.*;
import static io.hostwall.net.IpFamily.V4;
import static io.hostwall.net.IpFamily.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.CtState;
import io.hostwall.ir.HashedNames;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.TableKind;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Exact iptables text per IR match and action. */
class RuleRendererTest {
    private static final Map<String, IpSet> SETS = IpsetDocumentWriter.index(List.of(
            netSet("hw4n-a", V4, "10.0.0.0/8", "192.168.0.0/16"),
            netSet("hw6n-a", V6, "fd00::/8"),
            portSet("hw4p-b", V4, "10.0.0.1", 6, 80)));

    static RuleRenderer.Rendered renderFull(IrRule rule, IpFamily f, TableKind t) {
        return new RuleRenderer(f, t, ChainNames::of, new MatchSlots(SETS, f)).render(rule, "hw-pi-test", 3);
    }

    static List<String> render(IrRule rule, IpFamily f, TableKind t) {
        RuleRenderer.Rendered r = renderFull(rule, f, t);
        assertTrue(r.helpers().isEmpty(), "unexpected helper chains " + r.helpers());
        return r.rules();
    }

    static String one(IrRule rule) {
        return one(rule, V4);
    }

    static String one(IrRule rule, IpFamily f) {
        List<String> r = render(rule, f, TableKind.FILTER);
        assertEquals(1, r.size(), "rules: " + r);
        return r.get(0);
    }

    /** ::ffff:10.0.0.0/104, built from bytes: parsing would turn it into IPv4. */
    static io.hostwall.net.Cidr mapped104() {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        b[12] = 10;
        try {
            return io.hostwall.net.Cidr.of(java.net.Inet6Address.getByAddress(null, b, -1), 104);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class Matches {
        @Test
        void interfaces() {
            assertEquals("-i eth0 -j ACCEPT", one(rule(accept(), iif("eth0"))));
            assertEquals("-i cali+ -j ACCEPT", one(rule(accept(), iifPrefix("cali"))));
            assertEquals("! -i eth0 -j ACCEPT", one(rule(accept(), notIif("eth0"))));
            assertEquals("! -i cali+ -j ACCEPT", one(rule(accept(), notIifPrefix("cali"))));
            assertEquals("-o eth1 -j DROP", one(rule(drop(), oif("eth1"))));
            assertEquals("-i eth0 -o cali+ -j DROP", one(rule(drop(), oifPrefix("cali"), iif("eth0"))));
        }

        @Test
        void interfaceCombinationsAreSimplified() {
            assertEquals("-i eth0 -j ACCEPT", one(rule(accept(), iifPrefix("eth"), iif("eth0"))));
            assertEquals("-i eth0 -j ACCEPT", one(rule(accept(), iif("eth0"), notIifPrefix("cali"))));
            assertEquals("! -i eth+ -j ACCEPT", one(rule(accept(), notIifPrefix("eth"), notIif("eth0"))));
            assertEquals(List.of(), render(rule(accept(), iif("eth0"), iif("eth1")), V4, TableKind.FILTER));
            assertEquals(List.of(), render(rule(accept(), iif("eth0"), notIifPrefix("eth")), V4, TableKind.FILTER));
        }

        @Test
        void familyMatch() {
            assertEquals("-j ACCEPT", one(rule(accept(), family(V4))));
            assertEquals(List.of(), render(rule(accept(), family(V6)), V4, TableKind.FILTER));
            assertEquals("-j ACCEPT", one(rule(accept(), family(V6)), V6));
        }

        @Test
        void protocols() {
            assertEquals("-p tcp -j ACCEPT", one(rule(accept(), proto(6))));
            assertEquals("-p udp -j ACCEPT", one(rule(accept(), proto(17))));
            assertEquals("-p sctp -j ACCEPT", one(rule(accept(), proto(132))));
            assertEquals("-p 47 -j ACCEPT", one(rule(accept(), proto(47))));
            assertEquals("! -p udp -j ACCEPT", one(rule(accept(), notProto(17))));
            assertEquals("-p tcp -j ACCEPT", one(rule(accept(), proto(6), notProto(17))));
            assertEquals(List.of(), render(rule(accept(), proto(6), proto(17)), V4, TableKind.FILTER));
            assertEquals(List.of(), render(rule(accept(), proto(6), notProto(6)), V4, TableKind.FILTER));
            assertThrows(IllegalArgumentException.class, () -> one(rule(accept(), proto(0))));
        }

        @Test
        void addresses() {
            assertEquals("--source 10.0.0.0/8 -j ACCEPT", one(rule(accept(), src("10.0.0.0/8"))));
            assertEquals("! --destination 10.1.0.0/16 -j ACCEPT", one(rule(accept(), notDst("10.1.0.0/16"))));
            assertEquals("--source fd00::/64 --destination fd01::1/128 -j ACCEPT",
                    one(rule(accept(), dst("fd01::1/128"), src("fd00::/64")), V6));
            assertEquals("--source ::ffff:a00:0/104 -j ACCEPT", one(rule(accept(), new io.hostwall.ir.Match.Address(io.hostwall.ir.Side.SOURCE,
                            mapped104(), false)), V6),
                    "an IPv4-mapped network stays IPv6 text");
        }

        @Test
        void severalAddressesOfOneSideUseIprange() {
            assertEquals("! --source 10.1.0.0/16 -m iprange ! --src-range 10.2.0.0-10.2.255.255 -j DROP",
                    one(rule(drop(), notSrc("10.1.0.0/16"), notSrc("10.2.0.0/16"))));
            assertEquals("--source 10.0.0.0/8 -m iprange ! --src-range 10.1.0.0-10.1.255.255 -j DROP",
                    one(rule(drop(), src("10.0.0.0/8"), notSrc("10.1.0.0/16"), notSrc("192.168.0.0/16"))));
            assertEquals("! --destination fd00::/120 -m iprange ! --dst-range fd01::-fd01::ff -j DROP",
                    one(rule(drop(), dst("::/0"), notDst("fd00::/120"), notDst("fd01::/120")), V6));
            assertEquals(List.of(), render(rule(drop(), src("10.0.0.0/8"), src("192.168.0.0/16")), V4, TableKind.FILTER));
            assertEquals(List.of(), render(rule(drop(), src("10.1.0.0/16"), notSrc("10.0.0.0/8")), V4, TableKind.FILTER));
            assertEquals("--source 10.1.0.0/16 -j DROP", one(rule(drop(), src("10.0.0.0/8"), src("10.1.0.0/16"))));
        }

        @Test
        void sets() {
            assertEquals("-m set --match-set hw4n-a src -j ACCEPT", one(rule(accept(), srcSet("hw4n-a", V4))));
            assertEquals("-m set ! --match-set hw4n-a dst -j ACCEPT", one(rule(accept(), notDstSet("hw4n-a", V4))));
            assertEquals("-m set --match-set hw4p-b dst,dst -j ACCEPT", one(rule(accept(), dstPortSet("hw4p-b", V4))));
            assertEquals("-m set ! --match-set hw4p-b src,src -j ACCEPT",
                    one(rule(accept(), notSrcPortSet("hw4p-b", V4))));
            assertEquals("-m set --match-set hw6n-a src -j ACCEPT", one(rule(accept(), srcSet("hw6n-a", V6)), V6));
        }

        @Test
        void setsMustExistWithTheirFamilyAndType() {
            assertThrows(IllegalArgumentException.class, () -> one(rule(accept(), srcSet("hw4n-zz", V4))));
            assertThrows(IllegalArgumentException.class, () -> one(rule(accept(), srcSet("hw6n-a", V4))));
            assertThrows(IllegalArgumentException.class, () -> one(rule(accept(), dstPortSet("hw4n-a", V4))));
        }

        @Test
        void ports() {
            assertEquals("-p tcp -m multiport --destination-ports 22,8000:8080 -j ACCEPT",
                    one(rule(accept(), proto(6), dports(6, port(22), range(8000, 8080)))));
            assertEquals("-p udp -m multiport --source-ports 53 -j ACCEPT",
                    one(rule(accept(), proto(17), sports(17, port(53)))));
            assertEquals("-p tcp -m multiport ! --destination-ports 22 -j ACCEPT",
                    one(rule(accept(), proto(6), notDports(6, port(22)))));
            assertEquals("-p sctp -m multiport --destination-ports 9000 -j ACCEPT",
                    one(rule(accept(), dports(132, port(9000)))), "a port match implies its protocol");
            assertThrows(IllegalArgumentException.class, () -> one(rule(accept(), notDports(6, port(22)))),
                    "a negated port list needs the rule's protocol");
            assertThrows(IllegalArgumentException.class, () -> one(rule(accept(), proto(1), dports(1, port(1)))));
        }

        @Test
        void icmpTypes() {
            assertEquals("-p icmp -m icmp --icmp-type 8 -j ACCEPT", one(rule(accept(), icmp(V4, 8))));
            assertEquals("-p icmp -m icmp --icmp-type 8/0 -j ACCEPT", one(rule(accept(), proto(1), icmp(V4, 8, 0))));
            assertEquals("-p ipv6-icmp -m icmp6 --icmpv6-type 128/0 -j ACCEPT",
                    one(rule(accept(), proto(58), icmp(V6, 128, 0)), V6));
            assertEquals("-p icmp -j ACCEPT", one(rule(accept(), anyIcmp(V4))));
            assertEquals("-p ipv6-icmp -j ACCEPT", one(rule(accept(), anyIcmp(V6)), V6));
            assertThrows(IllegalArgumentException.class, () -> one(rule(accept(), icmp(V4, 255))));
        }

        @Test
        void negatedIcmpWithIcmpProtocolIsOneRule() {
            assertEquals("-p icmp -m icmp ! --icmp-type 8/0 -j DROP", one(rule(drop(), proto(1), notIcmp(V4, 8, 0))));
            assertEquals("-p ipv6-icmp -m icmp6 ! --icmpv6-type 128 -j DROP",
                    one(rule(drop(), proto(58), notIcmp(V6, 128)), V6));
        }

        @Test
        void negatedIcmpIsTrueForOtherProtocols() {
            assertEquals("-p tcp -j DROP", one(rule(drop(), proto(6), notIcmp(V4, 8))));
            assertEquals("! -p icmp -j DROP", one(rule(drop(), notProto(1), notIcmp(V4, 8))));
        }

        @Test
        void negatedIcmpWithoutProtocolIsTwoDisjointRules() {
            assertEquals(List.of("! -p icmp -j LOG --log-prefix \"x\" --log-level 5",
                            "-p icmp -m icmp ! --icmp-type 8/0 -j LOG --log-prefix \"x\" --log-level 5"),
                    render(rule(log("x"), notIcmp(V4, 8, 0)), V4, TableKind.FILTER));
            assertEquals(List.of("! -p ipv6-icmp -j RETURN", "-p ipv6-icmp -m icmp6 ! --icmpv6-type 128 -j RETURN"),
                    render(rule(ret(), notIcmp(V6, 128)), V6, TableKind.FILTER));
        }

        @Test
        void negatedAnyIcmp() {
            assertEquals("! -p icmp -j DROP",
                    one(rule(drop(), new io.hostwall.ir.Match.Icmp(V4, java.util.OptionalInt.empty(),
                            java.util.OptionalInt.empty(), true))));
        }

        @Test
        void markMatch() {
            assertEquals("-m mark --mark 0x10000/0x10000 -j ACCEPT", one(rule(accept(), mark(0x10000, 0x10000))));
            assertEquals("-m mark ! --mark 0x0/0x30000 -j ACCEPT", one(rule(accept(), notMark(0x30000, 0))));
            assertEquals("-m mark --mark 0x80000000/0xffff0000 -j ACCEPT",
                    one(rule(accept(), mark(0xffff0000, 0x80000000))), "unsigned hex");
        }

        @Test
        void conntrack() {
            assertEquals("-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                    one(rule(accept(), ct(CtState.RELATED, CtState.ESTABLISHED))));
            assertEquals("-m conntrack ! --ctstate INVALID -j ACCEPT", one(rule(accept(), notCt(CtState.INVALID))));
            assertEquals("-m conntrack --ctstate UNTRACKED -j ACCEPT", one(rule(accept(), ct(CtState.UNTRACKED))));
            assertEquals("-m conntrack --ctstate DNAT -j ACCEPT", one(rule(accept(), dnat(true))));
            assertEquals("-m conntrack ! --ctstate DNAT -j ACCEPT", one(rule(accept(), dnat(false))));
            assertEquals(List.of(), render(rule(accept(), ct()), V4, TableKind.FILTER));
            assertEquals(List.of("-m conntrack --ctstate DNAT -j ACCEPT"), render(rule(accept(), dnat(true)), V4,
                    TableKind.MANGLE));
            assertThrows(IllegalArgumentException.class, () -> render(rule(accept(), ct(CtState.NEW)), V4, TableKind.RAW),
                    "conntrack has not run in raw");
            assertThrows(IllegalArgumentException.class, () -> render(rule(accept(), dnat(false)), V4, TableKind.RAW));
            assertEquals("-j ACCEPT", one(rule(accept(), notCt())));
        }

        @Test
        void comments() {
            assertEquals("-m comment --comment \"policy allow-ssh\" -m comment --comment \"rule 0\" -j ACCEPT",
                    one(rule(accept()).withNote("policy allow-ssh").withNote("rule 0")));
            assertEquals("-j ACCEPT", one(rule(accept()).withNote("")));
        }
    }

    @Nested
    class Actions {
        @Test
        void verdicts() {
            assertEquals("-j ACCEPT", one(rule(accept())));
            assertEquals("-j DROP", one(rule(drop())));
            assertEquals("-j REJECT", one(rule(reject())));
            assertEquals("-j RETURN", one(rule(ret())));
        }

        @Test
        void jumpsUseIptablesNames() {
            assertEquals("-j hw-x", one(rule(jump("hw-x"))));
            assertEquals("-g hw-x", one(rule(goTo("hw-x"))));
            assertEquals("-j hw-pi-_"
                    + HashedNames.sha256Base64Url("gnp.a-policy-name-well-beyond-the-limit").substring(0, 21),
                    one(rule(jump("hw-pi-gnp.a-policy-name-well-beyond-the-limit"))));
        }

        @Test
        void marks() {
            assertEquals("-j MARK --set-xmark 0x10000/0x10000", one(rule(setMark(0x10000, 0x10000))));
            assertEquals("-j MARK --set-xmark 0x0/0x1b0000", one(rule(setMark(0, 0x1b0000))));
        }

        @Test
        void logAction() {
            assertEquals("-j LOG --log-prefix \"calico-packet: \" --log-level 5", one(rule(log("calico-packet: "))));
            assertEquals("-j LOG --log-level 5", one(rule(log(""))));
            assertEquals("-j LOG --log-prefix \"12345678901234567890123456789\" --log-level 5",
                    one(rule(log("1234567890123456789012345678901234567890"))), "cut to 29 characters");
        }

        @Test
        void notrackOnlyInRaw() {
            assertEquals(List.of("-j CT --notrack"), render(rule(notrack()), V4, TableKind.RAW));
            assertThrows(IllegalArgumentException.class, () -> render(rule(notrack()), V4, TableKind.FILTER));
        }

        @Test
        void rejectOnlyInFilter() {
            assertThrows(IllegalArgumentException.class, () -> render(rule(reject()), V4, TableKind.MANGLE));
            assertThrows(IllegalArgumentException.class, () -> render(rule(reject()), V4, TableKind.RAW));
        }

        @Test
        void dispatchIsOneGotoPerInterface() {
            assertEquals(List.of("-i eth0 -g hw-fh-eth0", "-i eth1 -g hw-fh-eth1"),
                    render(rule(dispatch(InterfaceDirection.IN, "eth1", "hw-fh-eth1", "eth0", "hw-fh-eth0")), V4,
                            TableKind.FILTER));
            assertEquals(List.of("-m comment --comment \"to\" -o eth0 -g hw-th-eth0"),
                    render(rule(dispatch(InterfaceDirection.OUT, "eth0", "hw-th-eth0")).withNote("to"), V4,
                            TableKind.FILTER));
        }

        @Test
        void dispatchEntriesAreFilteredByTheRulesInterfaceMatches() {
            assertEquals(List.of("-p tcp -i eth0 -g hw-fh-eth0"),
                    render(rule(dispatch(InterfaceDirection.IN, "eth0", "hw-fh-eth0", "lo", "hw-fh-lo"),
                            iifPrefix("eth"), proto(6)), V4, TableKind.FILTER));
        }
    }

    @Nested
    class Splitting {
        @Test
        void longPositivePortListBecomesDisjointRules() {
            List<String> rules = render(rule(IrFixtures.log("p"), proto(6), dports(6, singles(20))), V4, TableKind.FILTER);
            assertEquals(List.of(
                    "-p tcp -m multiport --destination-ports 1000,1002,1004,1006,1008,1010,1012,1014,1016,1018,1020,1022,1024,1026,1028 -j LOG --log-prefix \"p\" --log-level 5",
                    "-p tcp -m multiport --destination-ports 1030,1032,1034,1036,1038 -j LOG --log-prefix \"p\" --log-level 5"),
                    rules);
        }

        @Test
        void bothSidesSplitGiveTheCrossProduct() {
            List<String> rules = render(rule(accept(), proto(17), sports(17, singles(16)), dports(17, singles(16))),
                    V4, TableKind.FILTER);
            assertEquals(4, rules.size());
            assertTrue(rules.get(0).contains("--source-ports 1000,") && rules.get(0).contains("--destination-ports 1000,"));
            assertTrue(rules.get(3).contains("--source-ports 1030 ") && rules.get(3).contains("--destination-ports 1030 "));
        }

        @Test
        void longNegatedPortListIsSeveralMatchesInOneRule() {
            assertEquals("-p tcp -m multiport ! --destination-ports 1000,1002,1004,1006,1008,1010,1012,1014,1016,1018,"
                            + "1020,1022,1024,1026,1028 -m multiport ! --destination-ports 1030 -j DROP",
                    one(rule(drop(), proto(6), notDports(6, singles(16)))));
        }

        @Test
        void unsortedPortsAreRefused() {
            assertThrows(IllegalArgumentException.class,
                    () -> one(rule(drop(), proto(6), ports(io.hostwall.ir.Side.DESTINATION, 6,
                            List.of(port(80), port(22)), false))));
        }
    }

    @Nested
    class Guards {
        @Test
        void aSecondNegatedProtocolBecomesAGuardInAHelperChain() {
            RuleRenderer.Rendered r = renderFull(rule(drop(), notProto(17), notProto(6)).withNote("c"), V4,
                    TableKind.FILTER);
            String helper = ChainNames.helper("hw-pi-test", 3, "guard");
            assertEquals(List.of("-m comment --comment \"c\" ! -p tcp -j " + helper), r.rules());
            assertEquals(List.of(new OwnChain(helper, ImmutableList.of("-p udp -j RETURN", "-m comment --comment \"c\" -j DROP"))),
                    r.helpers());
            assertTrue(helper.startsWith("hw-pi-_") && helper.length() == 28);
        }

        @Test
        void negatedIcmpAndNegatedProtocolWithoutPositiveProtocol() {
            RuleRenderer.Rendered r = renderFull(rule(setMark(0x10000, 0x10000), notProto(17), notIcmp(V4, 8)), V4,
                    TableKind.FILTER);
            String helper = ChainNames.helper("hw-pi-test", 3, "guard");
            assertEquals(List.of("! -p icmp -j " + helper, "-p icmp -m icmp ! --icmp-type 8 -j " + helper), r.rules());
            assertEquals(ImmutableList.of("-p udp -j RETURN", "-j MARK --set-xmark 0x10000/0x10000"),
                    r.helpers().get(0).rules());
        }

        @Test
        void interfaceExceptionInsideAPrefix() {
            RuleRenderer.Rendered r = renderFull(rule(accept(), iifPrefix("eth"), notIif("eth1")), V4, TableKind.FILTER);
            String helper = ChainNames.helper("hw-pi-test", 3, "guard");
            assertEquals(List.of("-i eth+ -j " + helper), r.rules());
            assertEquals(ImmutableList.of("-i eth1 -j RETURN", "-j ACCEPT"), r.helpers().get(0).rules());
        }

        @Test
        void guardsWithChainDependentActionsAreRefused() {
            assertThrows(IllegalArgumentException.class,
                    () -> renderFull(rule(ret(), notIif("a"), notIif("b")), V4, TableKind.FILTER));
            assertThrows(IllegalArgumentException.class,
                    () -> renderFull(rule(goTo("hw-x"), notIif("a"), notIif("b")), V4, TableKind.FILTER));
        }
    }

    @Test
    void mixedFamiliesInOneRuleAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> one(rule(accept(), family(V4), src("fd00::/8"))));
    }
}
