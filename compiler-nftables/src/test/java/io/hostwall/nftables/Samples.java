package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.accept;
import static io.hostwall.ir.testing.IrFixtures.ct;
import static io.hostwall.ir.testing.IrFixtures.dispatch;
import static io.hostwall.ir.testing.IrFixtures.dportRanges;
import static io.hostwall.ir.testing.IrFixtures.dports;
import static io.hostwall.ir.testing.IrFixtures.drop;
import static io.hostwall.ir.testing.IrFixtures.icmp;
import static io.hostwall.ir.testing.IrFixtures.jump;
import static io.hostwall.ir.testing.IrFixtures.markSet;
import static io.hostwall.ir.testing.IrFixtures.proto;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static io.hostwall.ir.testing.IrFixtures.setMark;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;

/** Hand-built rulesets shaped like the compiler's output (FR §3-§8), shared by the script and kernel tests. */
final class Samples {
    static final int ACCEPT = IrFixtures.MARKS.accept();

    private Samples() {}

    /** A small ruleset: the one whose whole script the golden test spells out. */
    static Ruleset small() {
        return IrFixtures.ruleset("node1")
                .set(IrFixtures.netSet("hw4n-admins", IpFamily.V4, "10.0.0.0/8", "192.168.1.0/24"))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(accept(), ct(false, CtState.ESTABLISHED, CtState.RELATED)).withNote("conntrack"),
                        rule(drop(), ct(false, CtState.INVALID)),
                        rule(dispatch(InterfaceDirection.IN, "eth0", "hw-fh-eth0", "eth1", "hw-fh-eth1")))
                .base("hw-filter-output", TableKind.FILTER, Hook.OUTPUT,
                        rule(new IrAction.Return(), new Match.Interface(InterfaceDirection.OUT, "cali", true, false))
                                .withNote("workload interfaces are not host endpoints"),
                        rule(dispatch(InterfaceDirection.OUT, "eth0", "hw-th-eth0")))
                .chain("hw-fh-eth1", rule(drop()).withNote("default deny"))
                .chain("hw-fh-eth0",
                        rule(setMark(0, ACCEPT | IrFixtures.MARKS.pass())),
                        rule(jump("hw-pi-allow-ssh")),
                        rule(new IrAction.Return(), markSet(ACCEPT)),
                        rule(drop()).withNote("default deny"))
                .chain("hw-pi-allow-ssh",
                        rule(setMark(ACCEPT, ACCEPT), proto(6),
                                new Match.AddressSet(Side.SOURCE, "hw4n-admins", IpFamily.V4, false),
                                dportRanges(6, false, PortRange.single(22), new PortRange(8000, 8080)))
                                .withNote("GlobalNetworkPolicy allow-ssh ingress rule 0"),
                        rule(setMark(ACCEPT, ACCEPT), proto(1), icmp(IpFamily.V4, 8, null, false))
                                .withNote("GlobalNetworkPolicy allow-ssh ingress rule 1"))
                .chain("hw-th-eth0", rule(accept()))
                .build();
    }

    /** Every match and action kind, each in a hook where the kernel accepts it. */
    static Ruleset everything() {
        return IrFixtures.ruleset("node-everything")
                .set(IrFixtures.netSet("hw4n-nets", IpFamily.V4, "10.0.0.0/25", "10.0.0.128/25", "172.16.0.0/12"))
                .set(IrFixtures.netSet("hw6n-nets", IpFamily.V6, "fd00::/64", "fd00:0:0:1::/64", "2001:db8::1/128"))
                .set(IrFixtures.addressPortSet("hw4p-named", IpFamily.V4, "10.0.0.1,6,80", "10.0.0.1,17,53", "10.0.0.2,132,9"))
                .set(IrFixtures.addressPortSet("hw6p-named", IpFamily.V6, "fd00::1,6,443"))
                .set(IrFixtures.netSet("hw4n-empty", IpFamily.V4))
                .base("hw-raw-prerouting", TableKind.RAW, Hook.PREROUTING,
                        rule(new IrAction.Notrack(), IrFixtures.iif("eth0"), proto(17), dports(17, 53)),
                        rule(accept(), IrFixtures.iif("eth0"), proto(17), dports(17, 53)).withNote("untracked allow"),
                        rule(jump("hw-raw-policy")))
                .base("hw-raw-output", TableKind.RAW, Hook.OUTPUT,
                        rule(new IrAction.Notrack(), IrFixtures.oif("eth0"), proto(17), dportRanges(17, false,
                                PortRange.single(53), PortRange.single(853))))
                .base("hw-mangle-prerouting", TableKind.MANGLE, Hook.PREROUTING,
                        rule(accept(), ct(false, CtState.RELATED, CtState.ESTABLISHED)),
                        rule(setMark(0, IrFixtures.MARKS.allBits())),
                        rule(dispatch(InterfaceDirection.IN, "eth0", "hw-pre-eth0", "eth1", "hw-pre-eth1",
                                "bond0.100", "hw-pre-eth1")),
                        rule(accept(), markSet(ACCEPT)))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(accept(), ct(false, CtState.ESTABLISHED, CtState.RELATED)),
                        rule(drop(), ct(false, CtState.INVALID)),
                        rule(accept(), markSet(ACCEPT), new Match.ConntrackDnat(false)),
                        rule(jump("hw-policy"), ct(true, CtState.ESTABLISHED, CtState.RELATED, CtState.INVALID)),
                        rule(new IrAction.Reject(), proto(6), new Match.Ports(Side.SOURCE, 6,
                                ImmutableList.of(PortRange.single(1), new PortRange(3, 4)), true)))
                .base("hw-filter-forward", TableKind.FILTER, Hook.FORWARD,
                        rule(accept(), new Match.ConntrackDnat(true)),
                        rule(IrFixtures.goTo("hw-policy"), new Match.Interface(InterfaceDirection.IN, "eth", true, true)))
                .base("hw-filter-output", TableKind.FILTER, Hook.OUTPUT,
                        rule(new IrAction.Return(), new Match.Interface(InterfaceDirection.OUT, "cali", true, false)),
                        rule(dispatch(InterfaceDirection.OUT, "eth0", "hw-policy")),
                        rule(new IrAction.Log("calico-packet: "), proto(58), icmp(IpFamily.V6, 128, 0, false)))
                .base("hw-mangle-postrouting", TableKind.MANGLE, Hook.POSTROUTING,
                        rule(new IrAction.Return(), new Match.Mark(ACCEPT, ACCEPT, true)))
                .chain("hw-raw-policy",
                        rule(setMark(ACCEPT, ACCEPT), new Match.AddressSet(Side.SOURCE, "hw4n-nets", IpFamily.V4, false)),
                        rule(new IrAction.Return(), markSet(ACCEPT)))
                .chain("hw-pre-eth0", rule(new IrAction.Return()))
                .chain("hw-pre-eth1", rule(drop(), new Match.Address(Side.SOURCE, IrFixtures.cidr("169.254.0.0/16"), false)))
                .chain("hw-policy",
                        rule(accept(), new Match.Family(IpFamily.V4), proto(6), dports(6, 22)),
                        rule(accept(), new Match.Family(IpFamily.V6), proto(6), dports(6, 22, 80, 443, 8080, 8443)),
                        rule(accept(), proto(132), dportRanges(132, false, new PortRange(1000, 2000))),
                        rule(accept(), proto(136), dports(136, 5000)),
                        rule(accept(), new Match.Protocol(17, true), new Match.Protocol(6, true)),
                        rule(accept(), new Match.Address(Side.DESTINATION, IrFixtures.cidr("10.1.0.0/16"), true)),
                        rule(accept(), new Match.Address(Side.SOURCE, IrFixtures.cidr("fd00::/8"), false)),
                        rule(accept(), new Match.AddressSet(Side.DESTINATION, "hw6n-nets", IpFamily.V6, true)),
                        rule(accept(), new Match.AddressSet(Side.SOURCE, "hw4n-empty", IpFamily.V4, false)),
                        rule(accept(), new Match.AddressPortSet(Side.DESTINATION, "hw4p-named", IpFamily.V4, false)),
                        rule(accept(), new Match.AddressPortSet(Side.SOURCE, "hw6p-named", IpFamily.V6, true)),
                        rule(accept(), icmp(IpFamily.V4, 8, 0, false)),
                        rule(accept(), icmp(IpFamily.V4, null, null, false)),
                        rule(accept(), icmp(IpFamily.V6, null, null, true)),
                        rule(accept(), icmp(IpFamily.V4, 3, null, true)),
                        rule(accept(), icmp(IpFamily.V4, 8, 0, true)),
                        rule(accept(), icmp(IpFamily.V6, 135, 0, true)),
                        rule(accept(), new Match.Mark(0x30000, 0, true)),
                        rule(accept(), new Match.Mark(-1, 7, false)),
                        rule(setMark(0x10000, 0x30000)),
                        rule(setMark(5, -1)),
                        rule(new IrAction.Log("")),
                        rule(new IrAction.Log("hw deny: ")).withNote("log"),
                        rule(drop(), ct(false, CtState.NEW, CtState.UNTRACKED)),
                        rule(new IrAction.Return()))
                .build();
    }

    /** A different ruleset: no chain or set name in common with {@link #everything()} beyond the base chains. */
    static Ruleset other() {
        return IrFixtures.ruleset("node-other")
                .set(IrFixtures.netSet("hw4n-other", IpFamily.V4, "192.0.2.0/24", "198.51.100.0/24"))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(jump("hw-other"), new Match.AddressSet(Side.SOURCE, "hw4n-other", IpFamily.V4, false)))
                .chain("hw-other", rule(accept(), proto(17), dportRanges(17, false, PortRange.single(7), PortRange.single(9))))
                .build();
    }
}
