package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.net.InetAddresses;
import io.hostwall.compiler.ir.BaseChain;
import io.hostwall.compiler.ir.Chain;
import io.hostwall.compiler.ir.CtState;
import io.hostwall.compiler.ir.Hook;
import io.hostwall.compiler.ir.InterfaceDirection;
import io.hostwall.compiler.ir.IpSet;
import io.hostwall.compiler.ir.IrAction;
import io.hostwall.compiler.ir.IrRule;
import io.hostwall.compiler.ir.MarkBits;
import io.hostwall.compiler.ir.Match;
import io.hostwall.compiler.ir.Ruleset;
import io.hostwall.compiler.ir.SetMember;
import io.hostwall.compiler.ir.SetType;
import io.hostwall.compiler.ir.Side;
import io.hostwall.compiler.ir.TableKind;
import io.hostwall.model.Cidr;
import io.hostwall.model.IpFamily;
import io.hostwall.model.PortSpec.PortRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/** Hand-built IR for the tests: the compiler is tested elsewhere, here the IR is the input. */
final class Ir {
    static final MarkBits MARKS = MarkBits.allocate(0xffff0000);

    private Ir() {}

    static RulesetBuilder ruleset(String node) {
        return new RulesetBuilder(node);
    }

    static IrRule rule(IrAction action, Match... matches) {
        return IrRule.of(action, matches);
    }

    static Cidr cidr(String text) {
        return Cidr.parseStrict(text).orElseThrow(() -> new IllegalArgumentException(text));
    }

    // ---- matches

    static Match.Interface iif(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, false, false);
    }

    static Match.Interface iifPrefix(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, true, false);
    }

    static Match.Interface notIif(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, false, true);
    }

    static Match.Interface notIifPrefix(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, true, true);
    }

    static Match.Interface oif(String name) {
        return new Match.Interface(InterfaceDirection.OUT, name, false, false);
    }

    static Match.Interface oifPrefix(String name) {
        return new Match.Interface(InterfaceDirection.OUT, name, true, false);
    }

    static Match.Family family(IpFamily f) {
        return new Match.Family(f);
    }

    static Match.Protocol proto(int n) {
        return new Match.Protocol(n, false);
    }

    static Match.Protocol notProto(int n) {
        return new Match.Protocol(n, true);
    }

    static Match.Address src(String cidr) {
        return new Match.Address(Side.SOURCE, cidr(cidr), false);
    }

    static Match.Address notSrc(String cidr) {
        return new Match.Address(Side.SOURCE, cidr(cidr), true);
    }

    static Match.Address dst(String cidr) {
        return new Match.Address(Side.DESTINATION, cidr(cidr), false);
    }

    static Match.Address notDst(String cidr) {
        return new Match.Address(Side.DESTINATION, cidr(cidr), true);
    }

    static Match.AddressSet srcSet(String name, IpFamily f) {
        return new Match.AddressSet(Side.SOURCE, name, f, false);
    }

    static Match.AddressSet notDstSet(String name, IpFamily f) {
        return new Match.AddressSet(Side.DESTINATION, name, f, true);
    }

    static Match.AddressPortSet dstPortSet(String name, IpFamily f) {
        return new Match.AddressPortSet(Side.DESTINATION, name, f, false);
    }

    static Match.AddressPortSet notSrcPortSet(String name, IpFamily f) {
        return new Match.AddressPortSet(Side.SOURCE, name, f, true);
    }

    static Match.Ports dports(int protocol, PortRange... ranges) {
        return new Match.Ports(Side.DESTINATION, protocol, ImmutableList.copyOf(ranges), false);
    }

    static Match.Ports notDports(int protocol, PortRange... ranges) {
        return new Match.Ports(Side.DESTINATION, protocol, ImmutableList.copyOf(ranges), true);
    }

    static Match.Ports sports(int protocol, PortRange... ranges) {
        return new Match.Ports(Side.SOURCE, protocol, ImmutableList.copyOf(ranges), false);
    }

    static Match.Ports ports(Side side, int protocol, List<PortRange> ranges, boolean negated) {
        return new Match.Ports(side, protocol, ImmutableList.copyOf(ranges), negated);
    }

    static PortRange port(int p) {
        return PortRange.single(p);
    }

    static PortRange range(int a, int b) {
        return new PortRange(a, b);
    }

    /** n single ports 1000, 1002, 1004, ... (disjoint, sorted, non-adjacent). */
    static PortRange[] singles(int n) {
        PortRange[] out = new PortRange[n];
        for (int i = 0; i < n; i++) {
            out[i] = port(1000 + 2 * i);
        }
        return out;
    }

    static Match.Icmp icmp(IpFamily f, int type) {
        return new Match.Icmp(f, OptionalInt.of(type), OptionalInt.empty(), false);
    }

    static Match.Icmp icmp(IpFamily f, int type, int code) {
        return new Match.Icmp(f, OptionalInt.of(type), OptionalInt.of(code), false);
    }

    static Match.Icmp anyIcmp(IpFamily f) {
        return new Match.Icmp(f, OptionalInt.empty(), OptionalInt.empty(), false);
    }

    static Match.Icmp notIcmp(IpFamily f, int type) {
        return new Match.Icmp(f, OptionalInt.of(type), OptionalInt.empty(), true);
    }

    static Match.Icmp notIcmp(IpFamily f, int type, int code) {
        return new Match.Icmp(f, OptionalInt.of(type), OptionalInt.of(code), true);
    }

    static Match.Mark mark(int mask, int value) {
        return new Match.Mark(mask, value, false);
    }

    static Match.Mark notMark(int mask, int value) {
        return new Match.Mark(mask, value, true);
    }

    static Match.ConntrackState ct(CtState... states) {
        return new Match.ConntrackState(ImmutableSet.copyOf(states), false);
    }

    static Match.ConntrackState notCt(CtState... states) {
        return new Match.ConntrackState(ImmutableSet.copyOf(states), true);
    }

    static Match.ConntrackDnat dnat(boolean dnat) {
        return new Match.ConntrackDnat(dnat);
    }

    // ---- actions

    static IrAction accept() {
        return new IrAction.Accept();
    }

    static IrAction drop() {
        return new IrAction.Drop();
    }

    static IrAction reject() {
        return new IrAction.Reject();
    }

    static IrAction ret() {
        return new IrAction.Return();
    }

    static IrAction jump(String chain) {
        return new IrAction.Jump(chain);
    }

    static IrAction goTo(String chain) {
        return new IrAction.Goto(chain);
    }

    static IrAction setMark(int value, int mask) {
        return new IrAction.SetMark(value, mask);
    }

    static IrAction log(String prefix) {
        return new IrAction.Log(prefix);
    }

    static IrAction notrack() {
        return new IrAction.Notrack();
    }

    static IrAction dispatch(InterfaceDirection d, String... ifaceChainPairs) {
        ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
        for (int i = 0; i < ifaceChainPairs.length; i += 2) {
            b.put(ifaceChainPairs[i], ifaceChainPairs[i + 1]);
        }
        return new IrAction.Dispatch(d, b.build());
    }

    // ---- sets

    static IpSet netSet(String name, IpFamily f, String... cidrs) {
        return new IpSet(name, f, SetType.NETWORKS, Arrays.stream(cidrs).sorted()
                .map(c -> (SetMember) new SetMember.Network(cidr(c))).collect(ImmutableList.toImmutableList()));
    }

    static IpSet portSet(String name, IpFamily f, String address, int protocol, int... ports) {
        ImmutableList.Builder<SetMember> m = ImmutableList.builder();
        for (int p : ports) {
            m.add(new SetMember.AddressProtocolPort(InetAddresses.forString(address), protocol, p));
        }
        return new IpSet(name, f, SetType.ADDRESS_PROTOCOL_PORT, m.build());
    }

    static final class RulesetBuilder {
        private final String node;
        private final List<BaseChain> bases = new ArrayList<>();
        private final List<Chain> chains = new ArrayList<>();
        private final List<IpSet> sets = new ArrayList<>();

        RulesetBuilder(String node) {
            this.node = node;
        }

        RulesetBuilder base(String name, TableKind table, Hook hook, IrRule... rules) {
            bases.add(new BaseChain(name, table, hook, ImmutableList.copyOf(rules)));
            return this;
        }

        RulesetBuilder chain(String name, IrRule... rules) {
            chains.add(new Chain(name, ImmutableList.copyOf(rules)));
            return this;
        }

        RulesetBuilder set(IpSet set) {
            sets.add(set);
            return this;
        }

        Ruleset build() {
            List<Chain> sortedChains = new ArrayList<>(chains);
            sortedChains.sort((a, b) -> a.name().compareTo(b.name()));
            List<IpSet> sortedSets = new ArrayList<>(sets);
            sortedSets.sort((a, b) -> a.name().compareTo(b.name()));
            return new Ruleset(node, ImmutableList.copyOf(bases), ImmutableList.copyOf(sortedChains),
                    ImmutableList.copyOf(sortedSets), MARKS);
        }
    }
}
