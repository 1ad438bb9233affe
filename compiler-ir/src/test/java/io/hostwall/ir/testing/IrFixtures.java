package io.hostwall.ir.testing;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.net.InetAddresses;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.MarkBits;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Hand-built IR for the backends' and the interpreter's tests: the compiler is tested on its own, so such a test
 * starts from IR it states outright. The general forms (e.g. {@link #icmp(IpFamily, Integer, Integer, boolean)}) exist for tests
 * that enumerate cases; the short ones read better in hand-written rules.
 */
public final class IrFixtures {
    public static final MarkBits MARKS = MarkBits.allocate(0xffff0000);

    private IrFixtures() {}

    public static RulesetBuilder ruleset(String node) {
        return new RulesetBuilder(node);
    }

    /** Node {@code node1} with just these base chains. */
    public static Ruleset ruleset(BaseChain... bases) {
        return ruleset(List.of(bases), List.of(), List.of());
    }

    /**
     * Node {@code node1}, for tests that build their chain lists in loops. Base chains stay in the order given;
     * chains and sets are sorted by name, as in {@link RulesetBuilder#build()}.
     */
    public static Ruleset ruleset(List<BaseChain> bases, List<Chain> chains, List<IpSet> sets) {
        return sortedRuleset("node1", bases, chains, sets);
    }

    /** A base chain on its own, for a list of them (the builder's {@link RulesetBuilder#base} adds one). */
    public static BaseChain base(String name, TableKind table, Hook hook, IrRule... rules) {
        return new BaseChain(name, table, hook, ImmutableList.copyOf(rules));
    }

    /** A chain on its own, for a list of them (the builder's {@link RulesetBuilder#chain} adds one). */
    public static Chain chain(String name, IrRule... rules) {
        return new Chain(name, ImmutableList.copyOf(rules));
    }

    private static Ruleset sortedRuleset(String node, List<BaseChain> bases, List<Chain> chains, List<IpSet> sets) {
        return new Ruleset(node, ImmutableList.copyOf(bases),
                chains.stream().sorted(Comparator.comparing(Chain::name)).collect(ImmutableList.toImmutableList()),
                sets.stream().sorted(Comparator.comparing(IpSet::name)).collect(ImmutableList.toImmutableList()),
                MARKS);
    }

    public static IrRule rule(IrAction action, Match... matches) {
        return IrRule.of(action, matches);
    }

    public static Cidr cidr(String text) {
        return Cidr.parseStrict(text).orElseThrow(() -> new IllegalArgumentException(text));
    }

    // ---- matches

    public static Match.Interface iif(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, false, false);
    }

    public static Match.Interface iifPrefix(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, true, false);
    }

    public static Match.Interface notIif(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, false, true);
    }

    public static Match.Interface notIifPrefix(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, true, true);
    }

    public static Match.Interface oif(String name) {
        return new Match.Interface(InterfaceDirection.OUT, name, false, false);
    }

    public static Match.Interface oifPrefix(String name) {
        return new Match.Interface(InterfaceDirection.OUT, name, true, false);
    }

    public static Match.Family family(IpFamily f) {
        return new Match.Family(f);
    }

    public static Match.Protocol proto(int n) {
        return new Match.Protocol(n, false);
    }

    public static Match.Protocol notProto(int n) {
        return new Match.Protocol(n, true);
    }

    public static Match.Address src(String cidr) {
        return new Match.Address(Side.SOURCE, cidr(cidr), false);
    }

    public static Match.Address notSrc(String cidr) {
        return new Match.Address(Side.SOURCE, cidr(cidr), true);
    }

    public static Match.Address dst(String cidr) {
        return new Match.Address(Side.DESTINATION, cidr(cidr), false);
    }

    public static Match.Address notDst(String cidr) {
        return new Match.Address(Side.DESTINATION, cidr(cidr), true);
    }

    public static Match.AddressSet srcSet(String name, IpFamily f) {
        return new Match.AddressSet(Side.SOURCE, name, f, false);
    }

    public static Match.AddressSet notDstSet(String name, IpFamily f) {
        return new Match.AddressSet(Side.DESTINATION, name, f, true);
    }

    public static Match.AddressPortSet dstPortSet(String name, IpFamily f) {
        return new Match.AddressPortSet(Side.DESTINATION, name, f, false);
    }

    public static Match.AddressPortSet notSrcPortSet(String name, IpFamily f) {
        return new Match.AddressPortSet(Side.SOURCE, name, f, true);
    }

    public static Match.Ports ports(Side side, int protocol, List<PortRange> ranges, boolean negated) {
        return new Match.Ports(side, protocol, ImmutableList.copyOf(ranges), negated);
    }

    public static Match.Ports dportRanges(int protocol, boolean negated, PortRange... ranges) {
        return ports(Side.DESTINATION, protocol, List.of(ranges), negated);
    }

    public static Match.Ports dports(int protocol, PortRange... ranges) {
        return dportRanges(protocol, false, ranges);
    }

    /** Single destination ports. */
    public static Match.Ports dports(int protocol, int... ports) {
        return dports(protocol, Arrays.stream(ports).mapToObj(PortRange::single).toArray(PortRange[]::new));
    }

    public static Match.Ports notDports(int protocol, PortRange... ranges) {
        return dportRanges(protocol, true, ranges);
    }

    public static Match.Ports sports(int protocol, PortRange... ranges) {
        return ports(Side.SOURCE, protocol, List.of(ranges), false);
    }

    public static PortRange port(int p) {
        return PortRange.single(p);
    }

    public static PortRange range(int a, int b) {
        return new PortRange(a, b);
    }

    /** n single ports 1000, 1002, 1004, ... (disjoint, sorted, non-adjacent). */
    public static PortRange[] singles(int n) {
        PortRange[] out = new PortRange[n];
        for (int i = 0; i < n; i++) {
            out[i] = port(1000 + 2 * i);
        }
        return out;
    }

    /** {@code null} type or code: any. */
    public static Match.Icmp icmp(IpFamily f, Integer type, Integer code, boolean negated) {
        return new Match.Icmp(f, type == null ? OptionalInt.empty() : OptionalInt.of(type),
                code == null ? OptionalInt.empty() : OptionalInt.of(code), negated);
    }

    public static Match.Icmp icmp(IpFamily f, int type) {
        return icmp(f, type, null, false);
    }

    public static Match.Icmp icmp(IpFamily f, int type, int code) {
        return icmp(f, type, code, false);
    }

    public static Match.Icmp anyIcmp(IpFamily f) {
        return icmp(f, null, null, false);
    }

    public static Match.Icmp notIcmp(IpFamily f, int type) {
        return icmp(f, type, null, true);
    }

    public static Match.Icmp notIcmp(IpFamily f, int type, int code) {
        return icmp(f, type, code, true);
    }

    public static Match.Mark mark(int mask, int value) {
        return new Match.Mark(mask, value, false);
    }

    public static Match.Mark notMark(int mask, int value) {
        return new Match.Mark(mask, value, true);
    }

    /** The single-bit mark {@code bit} is set. */
    public static Match.Mark markSet(int bit) {
        return mark(bit, bit);
    }

    public static Match.ConntrackState ct(boolean negated, CtState... states) {
        return new Match.ConntrackState(ImmutableSet.copyOf(states), negated);
    }

    public static Match.ConntrackState ct(CtState... states) {
        return ct(false, states);
    }

    public static Match.ConntrackState notCt(CtState... states) {
        return ct(true, states);
    }

    public static Match.ConntrackDnat dnat(boolean dnat) {
        return new Match.ConntrackDnat(dnat);
    }

    // ---- actions

    public static IrAction accept() {
        return new IrAction.Accept();
    }

    public static IrAction drop() {
        return new IrAction.Drop();
    }

    public static IrAction reject() {
        return new IrAction.Reject();
    }

    public static IrAction ret() {
        return new IrAction.Return();
    }

    public static IrAction jump(String chain) {
        return new IrAction.Jump(chain);
    }

    public static IrAction goTo(String chain) {
        return new IrAction.Goto(chain);
    }

    public static IrAction setMark(int value, int mask) {
        return new IrAction.SetMark(value, mask);
    }

    public static IrAction log(String prefix) {
        return new IrAction.Log(prefix);
    }

    public static IrAction notrack() {
        return new IrAction.Notrack();
    }

    public static IrAction dispatch(InterfaceDirection d, String... ifaceChainPairs) {
        ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
        for (int i = 0; i < ifaceChainPairs.length; i += 2) {
            b.put(ifaceChainPairs[i], ifaceChainPairs[i + 1]);
        }
        return new IrAction.Dispatch(d, b.build());
    }

    // ---- sets (members sorted as the compiler sorts them, since IpSet promises sorted members)

    public static IpSet netSet(String name, IpFamily f, String... cidrs) {
        return new IpSet(name, f, SetType.NETWORKS, Arrays.stream(cidrs).map(IrFixtures::cidr).sorted()
                .map(c -> (SetMember) new SetMember.Network(c)).collect(ImmutableList.toImmutableList()));
    }

    /** Members as {@code "address,protocol,port"} strings, for sets that mix addresses and protocols. */
    public static IpSet addressPortSet(String name, IpFamily f, String... members) {
        return portSetOf(name, f, Arrays.stream(members).map(m -> m.split(","))
                .map(p -> member(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]))));
    }

    /** Ports of one protocol on one address. */
    public static IpSet portSet(String name, IpFamily f, String address, int protocol, int... ports) {
        return portSetOf(name, f, Arrays.stream(ports).mapToObj(p -> member(address, protocol, p)));
    }

    private static SetMember member(String address, int protocol, int port) {
        return new SetMember.AddressProtocolPort(InetAddresses.forString(address), protocol, port);
    }

    private static IpSet portSetOf(String name, IpFamily f, Stream<SetMember> members) {
        return new IpSet(name, f, SetType.ADDRESS_PROTOCOL_PORT, members.collect(ImmutableList.toImmutableList()));
    }

    /** Sorts chains and sets by name on {@link #build()}, as {@link Ruleset} promises its readers. */
    public static final class RulesetBuilder {
        private final String node;
        private final List<BaseChain> bases = new ArrayList<>();
        private final List<Chain> chains = new ArrayList<>();
        private final List<IpSet> sets = new ArrayList<>();

        private RulesetBuilder(String node) {
            this.node = node;
        }

        public RulesetBuilder base(String name, TableKind table, Hook hook, IrRule... rules) {
            bases.add(IrFixtures.base(name, table, hook, rules));
            return this;
        }

        public RulesetBuilder chain(String name, IrRule... rules) {
            return chain(name, List.of(rules));
        }

        public RulesetBuilder chain(String name, List<IrRule> rules) {
            chains.add(new Chain(name, ImmutableList.copyOf(rules)));
            return this;
        }

        public RulesetBuilder set(IpSet set) {
            sets.add(set);
            return this;
        }

        public Ruleset build() {
            return sortedRuleset(node, bases, chains, sets);
        }
    }
}
