package io.hostwall.compiler.interp;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.gen.Models;
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
import io.hostwall.model.IpFamily;
import io.hostwall.model.PortSpec.PortRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/** Tiny builders for hand-written IR in interpreter tests. */
final class Ir {
    static final IrAction ACCEPT = new IrAction.Accept();
    static final IrAction DROP = new IrAction.Drop();
    static final IrAction REJECT = new IrAction.Reject();
    static final IrAction RETURN = new IrAction.Return();
    static final IrAction NOTRACK = new IrAction.Notrack();

    private Ir() {}

    static IrRule rule(IrAction action, Match... matches) {
        return IrRule.of(action, matches).withComment("rule " + action.getClass().getSimpleName());
    }

    static BaseChain base(String name, io.hostwall.compiler.ir.TableKind table, Hook hook, IrRule... rules) {
        return new BaseChain(name, table, hook, ImmutableList.copyOf(rules));
    }

    static Chain chain(String name, IrRule... rules) {
        return new Chain(name, ImmutableList.copyOf(rules));
    }

    static IpSet networks(String name, IpFamily family, String... cidrs) {
        return new IpSet(name, family, SetType.NETWORKS, Arrays.stream(cidrs)
                .map(c -> (SetMember) new SetMember.Network(Models.cidr(c))).collect(ImmutableList.toImmutableList()));
    }

    static IpSet ports(String name, IpFamily family, SetMember.AddressProtocolPort... members) {
        return new IpSet(name, family, SetType.ADDRESS_PROTOCOL_PORT, ImmutableList.copyOf(members));
    }

    static SetMember.AddressProtocolPort member(String ip, int protocol, int port) {
        return new SetMember.AddressProtocolPort(Models.ip(ip), protocol, port);
    }

    static Ruleset ruleset(List<BaseChain> bases, List<Chain> chains, List<IpSet> sets) {
        return new Ruleset("node1", ImmutableList.copyOf(bases), ImmutableList.copyOf(chains),
                ImmutableList.copyOf(sets), MarkBits.allocate(0xffff0000));
    }

    static Ruleset ruleset(BaseChain... bases) {
        return ruleset(List.of(bases), List.of(), List.of());
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

    static IrAction log() {
        return new IrAction.Log("test");
    }

    static IrAction dispatch(InterfaceDirection d, String... ifaceChainPairs) {
        ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
        for (int i = 0; i < ifaceChainPairs.length; i += 2) {
            b.put(ifaceChainPairs[i], ifaceChainPairs[i + 1]);
        }
        return new IrAction.Dispatch(d, b.build());
    }

    static Match iif(String name) {
        return new Match.Interface(InterfaceDirection.IN, name, false, false);
    }

    static Match oif(String name) {
        return new Match.Interface(InterfaceDirection.OUT, name, false, false);
    }

    static Match iifPrefix(String name, boolean negated) {
        return new Match.Interface(InterfaceDirection.IN, name, true, negated);
    }

    static Match proto(int n) {
        return new Match.Protocol(n, false);
    }

    static Match notProto(int n) {
        return new Match.Protocol(n, true);
    }

    static Match src(String cidr, boolean negated) {
        return new Match.Address(Side.SOURCE, Models.cidr(cidr), negated);
    }

    static Match dst(String cidr, boolean negated) {
        return new Match.Address(Side.DESTINATION, Models.cidr(cidr), negated);
    }

    static Match dport(int protocol, boolean negated, int... portPairs) {
        List<PortRange> r = new ArrayList<>();
        for (int i = 0; i < portPairs.length; i += 2) {
            r.add(new PortRange(portPairs[i], portPairs[i + 1]));
        }
        return new Match.Ports(Side.DESTINATION, protocol, ImmutableList.copyOf(r), negated);
    }

    static Match mark(int mask, int value, boolean negated) {
        return new Match.Mark(mask, value, negated);
    }

    static Match ct(boolean negated, CtState... states) {
        return new Match.ConntrackState(ImmutableSet.copyOf(states), negated);
    }

    static Match icmp(IpFamily f, Integer type, Integer code, boolean negated) {
        return new Match.Icmp(f, type == null ? OptionalInt.empty() : OptionalInt.of(type),
                code == null ? OptionalInt.empty() : OptionalInt.of(code), negated);
    }
}
