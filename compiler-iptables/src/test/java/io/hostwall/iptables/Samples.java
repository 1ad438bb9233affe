package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.*;
import static io.hostwall.net.IpFamily.V4;
import static io.hostwall.net.IpFamily.V6;

import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;

/** Rulesets shaped like the compiler's output (FR §3), built by hand. */
final class Samples {
    static final int ACCEPT_MARK = MARKS.accept();
    static final String LONG_POLICY = "hw-pi-gnp.allow-cluster-internal-ingress-from-everywhere";

    private Samples() {}

    /**
     * All seven base chains, dispatch, a failsafe chain shared by raw and filter, a policy chain with a name longer
     * than 28 characters, a chain with IPv6 rules only, sets of both families, a named-port set, a long port
     * list, a negated ICMP type, logging, REJECT and NOTRACK.
     */
    static Ruleset rich() {
        int accept = ACCEPT_MARK;
        return ruleset("node1")
                .base("hw-raw-prerouting", TableKind.RAW, Hook.PREROUTING,
                        rule(setMark(0, MARKS.allBits())),
                        rule(ret(), iifPrefix("cali")).withNote("workload interfaces"),
                        rule(jump("hw-raw-from")),
                        rule(accept(), mark(accept, accept)).withNote("allowed by untracked policy"))
                .base("hw-mangle-prerouting", TableKind.MANGLE, Hook.PREROUTING,
                        rule(accept(), ct(CtState.RELATED, CtState.ESTABLISHED)),
                        rule(accept(), mark(accept, accept)),
                        rule(jump("hw-pre-from")))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(accept(), mark(accept, accept)),
                        rule(setMark(0, MARKS.allBits())),
                        rule(jump("hw-from")),
                        rule(accept(), mark(accept, accept)).withNote("host endpoint policy accepted packet"))
                .base("hw-filter-forward", TableKind.FILTER, Hook.FORWARD,
                        rule(setMark(0, MARKS.pass() | MARKS.scratch0() | MARKS.scratch1())),
                        rule(setMark(accept, accept)))
                .base("hw-raw-output", TableKind.RAW, Hook.OUTPUT,
                        rule(setMark(0, MARKS.allBits())),
                        rule(accept(), mark(accept, accept)))
                .base("hw-filter-output", TableKind.FILTER, Hook.OUTPUT,
                        rule(accept(), mark(accept, accept)),
                        rule(ret(), oifPrefix("cali")),
                        rule(jump("hw-to"), dnat(false)),
                        rule(accept(), mark(accept, accept)))
                .base("hw-mangle-postrouting", TableKind.MANGLE, Hook.POSTROUTING,
                        rule(ret(), mark(accept, accept)),
                        rule(jump("hw-to"), dnat(true)))
                .chain("hw-raw-from", rule(dispatch(InterfaceDirection.IN, "eth0", "hw-fh-eth0-raw")))
                .chain("hw-fh-eth0-raw",
                        rule(jump("hw-failsafe-in")),
                        rule(notrack(), src("10.240.0.0/16")).withNote("untracked policy"),
                        rule(setMark(accept, accept), src("10.240.0.0/16")))
                .chain("hw-pre-from", rule(dispatch(InterfaceDirection.IN, "eth0", "hw-fh-eth0-pre")))
                .chain("hw-fh-eth0-pre",
                        rule(drop(), proto(6), dports(6, port(30080))).withNote("preDNAT: no NodePort from outside"))
                .chain("hw-from", rule(dispatch(InterfaceDirection.IN, "eth0", "hw-fh-eth0", "eth1", "hw-fh-eth1")))
                .chain("hw-to", rule(dispatch(InterfaceDirection.OUT, "eth0", "hw-th-eth0")))
                .chain("hw-failsafe-in",
                        rule(accept(), proto(6), dports(6, port(22), port(179), range(2379, 2380), port(6443))),
                        rule(accept(), proto(17), dports(17, port(68))))
                .chain("hw-fh-eth0",
                        rule(accept(), ct(CtState.RELATED, CtState.ESTABLISHED)),
                        rule(drop(), ct(CtState.INVALID)),
                        rule(jump("hw-failsafe-in")),
                        rule(setMark(0, MARKS.pass())),
                        rule(jump(LONG_POLICY), mark(MARKS.pass(), 0)).withNote("policy allow-cluster-internal"),
                        rule(ret(), mark(accept, accept)),
                        rule(jump("hw-pi-gnp.v6-only")),
                        rule(drop(), mark(MARKS.pass(), 0)).withNote("end of tier default"),
                        rule(reject()).withNote("no profile accepted"))
                .chain("hw-fh-eth1", rule(goTo("hw-fh-eth0")))
                .chain("hw-th-eth0",
                        rule(accept(), ct(CtState.RELATED, CtState.ESTABLISHED)),
                        rule(accept(), proto(17), dports(17, port(53))),
                        rule(accept(), dstPortSet("hw4p-named", V4)),
                        rule(drop()))
                .chain(LONG_POLICY,
                        rule(setMark(accept, accept), srcSet("hw4n-clients", V4)).withNote("rule 0"),
                        rule(setMark(accept, accept), srcSet("hw6n-clients", V6)).withNote("rule 0"),
                        rule(ret(), mark(accept, accept)),
                        rule(log("calico-packet: "), proto(6), dports(6, singles(18))).withNote("rule 1"),
                        rule(drop(), notIcmp(V4, 8, 0), family(V4)).withNote("rule 2"),
                        rule(setMark(accept, accept), proto(58), icmp(V6, 128), src("fd00::/8")),
                        rule(drop(), notSrc("10.1.0.0/16"), notSrc("10.2.0.0/16"), notDstSet("hw4n-clients", V4)))
                .chain("hw-pi-gnp.v6-only",
                        rule(setMark(accept, accept), family(V6), proto(6), dports(6, port(443))))
                .chain("hw-unreachable", rule(drop()))
                .set(netSet("hw4n-clients", V4, "10.240.0.21/32", "10.240.0.22/32", "192.168.0.0/16"))
                .set(netSet("hw6n-clients", V6, "fd00:240::21/128", "fd00:240::22/128"))
                .set(portSet("hw4p-named", V4, "10.240.0.10", 6, 80, 443))
                .build();
    }

    /**
     * Every match and action kind, every splitting and guard case, in the tables where they are valid: for the
     * kernel to check that all rendered forms load.
     */
    static Ruleset everyFeature() {
        return ruleset("features")
                .base("hw-raw-prerouting", TableKind.RAW, Hook.PREROUTING,
                        rule(notrack(), iif("eth0"), proto(17), dports(17, port(4789))),
                        rule(jump("hw-shared")))
                .base("hw-raw-output", TableKind.RAW, Hook.OUTPUT, rule(notrack(), oifPrefix("wg")))
                .base("hw-mangle-prerouting", TableKind.MANGLE, Hook.PREROUTING,
                        rule(accept(), ct(CtState.RELATED, CtState.ESTABLISHED)), rule(jump("hw-shared")))
                .base("hw-mangle-input", TableKind.MANGLE, Hook.INPUT, rule(setMark(0x10000, 0x10000), dnat(true)))
                .base("hw-mangle-forward", TableKind.MANGLE, Hook.FORWARD, rule(ret()))
                .base("hw-mangle-output", TableKind.MANGLE, Hook.OUTPUT, rule(log("out: "), dnat(false)))
                .base("hw-mangle-postrouting", TableKind.MANGLE, Hook.POSTROUTING, rule(ret(), mark(0x10000, 0x10000)))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(jump("hw-shared")),
                        rule(jump("hw-matches")),
                        rule(jump("hw-splits")),
                        rule(jump("hw-dispatch")),
                        rule(reject(), proto(6)))
                .base("hw-filter-forward", TableKind.FILTER, Hook.FORWARD, rule(drop(), notCt(CtState.NEW)))
                .base("hw-filter-output", TableKind.FILTER, Hook.OUTPUT, rule(goTo("hw-shared"), oif("eth0")))
                .chain("hw-shared",
                        rule(setMark(0, MARKS.allBits())),
                        rule(accept(), mark(MARKS.accept(), MARKS.accept())).withNote("shared by all tables"))
                .chain("hw-matches",
                        rule(accept(), iif("eth0"), oifPrefix("cali")),
                        rule(accept(), notIif("eth1"), notIifPrefix("veth")),
                        rule(accept(), proto(132), sports(132, range(1, 2))),
                        rule(accept(), proto(47)),
                        rule(accept(), notProto(17)),
                        rule(accept(), src("10.0.0.0/8"), notDst("10.1.0.0/16")),
                        rule(accept(), src("fd00::/8"), dst("fd01::1/128")),
                        rule(accept(), notSrc("10.1.0.0/16"), notSrc("10.2.0.0/16"), notSrc("10.3.0.0/16")),
                        rule(accept(), notDst("fd00::/16"), notDst("fd01::/16")),
                        rule(accept(), srcSet("hw4n-f", V4), notDstSet("hw4n-f", V4)),
                        rule(accept(), srcSet("hw6n-f", V6)),
                        rule(accept(), dstPortSet("hw4p-f", V4), notSrcPortSet("hw4p-f", V4)),
                        rule(accept(), dstPortSet("hw6p-f", V6)),
                        rule(accept(), proto(6), dports(6, port(22), range(8000, 8080)), notDports(6, port(8001))),
                        rule(accept(), icmp(V4, 8, 0)),
                        rule(accept(), icmp(V6, 128)),
                        rule(accept(), anyIcmp(V4)),
                        rule(accept(), anyIcmp(V6)),
                        rule(drop(), proto(1), notIcmp(V4, 3, 4)),
                        rule(drop(), proto(58), notIcmp(V6, 1)),
                        rule(drop(), notIcmp(V4, 8)),
                        rule(drop(), notIcmp(V6, 128, 0)),
                        rule(accept(), notMark(0x30000, 0), mark(0xffff0000, 0x80000000)),
                        rule(accept(), ct(CtState.NEW, CtState.INVALID), notCt(CtState.UNTRACKED)),
                        rule(ret(), ct(CtState.UNTRACKED)),
                        rule(log("calico-packet: "), proto(17)).withNote("a log rule"))
                .chain("hw-splits",
                        rule(log("p"), proto(6), dports(6, singles(40))),
                        rule(setMark(0x10000, 0x10000), proto(17), sports(17, singles(16)), dports(17, singles(20))),
                        rule(drop(), proto(6), notDports(6, singles(31))),
                        rule(drop(), notProto(17), notProto(6)).withNote("guarded"),
                        rule(jump("hw-shared"), notProto(17), notIcmp(V4, 8)),
                        rule(accept(), iifPrefix("eth"), notIif("eth1"), notIifPrefix("eth2")))
                .chain("hw-dispatch",
                        rule(dispatch(InterfaceDirection.IN, "eth0", "hw-ep-a", "eth1", "hw-ep-b", "lo", "hw-ep-a")),
                        rule(dispatch(InterfaceDirection.OUT, "eth0", "hw-ep-b"), notIifPrefix("cali")))
                .chain("hw-ep-a", rule(drop()))
                .chain("hw-ep-b", rule(ret()))
                .set(netSet("hw4n-f", V4, "10.0.0.0/8", "192.168.0.1/32", "172.16.0.0/12"))
                .set(netSet("hw6n-f", V6, "fd00::/8", "2001:db8::/32"))
                .set(netSet("hw4n-all", V4, "0.0.0.0/0"))
                .set(portSet("hw4p-f", V4, "10.0.0.1", 6, 80, 443))
                .set(portSet("hw6p-f", V6, "fd00::1", 132, 9000))
                .build();
    }
}
