package io.hostwall.nftables;

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

/** Hand-built IR for the tests (the compiler is tested elsewhere; here the IR is the input). */
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

    static Match.Interface oif(String name) {
        return new Match.Interface(InterfaceDirection.OUT, name, false, false);
    }

    static Match.Protocol proto(int n) {
        return new Match.Protocol(n, false);
    }

    static Match.Address src(String cidr) {
        return new Match.Address(Side.SOURCE, cidr(cidr), false);
    }

    static Match.Address dst(String cidr) {
        return new Match.Address(Side.DESTINATION, cidr(cidr), false);
    }

    static Match.Ports dports(int protocol, int... ports) {
        List<PortRange> r = new ArrayList<>();
        for (int p : ports) {
            r.add(PortRange.single(p));
        }
        return new Match.Ports(Side.DESTINATION, protocol, ImmutableList.copyOf(r), false);
    }

    static Match.Ports dportRanges(int protocol, boolean negated, PortRange... ranges) {
        return new Match.Ports(Side.DESTINATION, protocol, ImmutableList.copyOf(ranges), negated);
    }

    static Match.Icmp icmp(IpFamily f, Integer type, Integer code, boolean negated) {
        return new Match.Icmp(f, type == null ? OptionalInt.empty() : OptionalInt.of(type),
                code == null ? OptionalInt.empty() : OptionalInt.of(code), negated);
    }

    static Match.ConntrackState ct(boolean negated, CtState... states) {
        return new Match.ConntrackState(ImmutableSet.copyOf(states), negated);
    }

    static Match.Mark markSet(int bit) {
        return new Match.Mark(bit, bit, false);
    }

    // ---- actions

    static IrAction accept() {
        return new IrAction.Accept();
    }

    static IrAction drop() {
        return new IrAction.Drop();
    }

    static IrAction jump(String chain) {
        return new IrAction.Jump(chain);
    }

    static IrAction gotoChain(String chain) {
        return new IrAction.Goto(chain);
    }

    static IrAction setMark(int value, int mask) {
        return new IrAction.SetMark(value, mask);
    }

    static IrAction dispatch(InterfaceDirection d, String... ifaceChainPairs) {
        ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
        for (int i = 0; i < ifaceChainPairs.length; i += 2) {
            b.put(ifaceChainPairs[i], ifaceChainPairs[i + 1]);
        }
        return new IrAction.Dispatch(d, b.build());
    }

    // ---- sets

    static IpSet networks(String name, IpFamily family, String... cidrs) {
        return new IpSet(name, family, SetType.NETWORKS, Arrays.stream(cidrs).map(Ir::cidr).sorted()
                .map(c -> (SetMember) new SetMember.Network(c)).collect(ImmutableList.toImmutableList()));
    }

    /** Members as "address,protocol,port" strings. */
    static IpSet addressPorts(String name, IpFamily family, String... members) {
        ImmutableList.Builder<SetMember> b = ImmutableList.builder();
        for (String m : members) {
            String[] p = m.split(",");
            b.add(new SetMember.AddressProtocolPort(InetAddresses.forString(p[0]), Integer.parseInt(p[1]),
                    Integer.parseInt(p[2])));
        }
        return new IpSet(name, family, SetType.ADDRESS_PROTOCOL_PORT, b.build());
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

        RulesetBuilder chain(String name, List<IrRule> rules) {
            chains.add(new Chain(name, ImmutableList.copyOf(rules)));
            return this;
        }

        RulesetBuilder set(IpSet set) {
            sets.add(set);
            return this;
        }

        Ruleset build() {
            return new Ruleset(node, ImmutableList.copyOf(bases), ImmutableList.copyOf(chains),
                    ImmutableList.copyOf(sets), MARKS);
        }
    }
}
