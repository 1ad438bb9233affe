package io.hostwall.compiler.interp;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.ir.BaseChain;
import io.hostwall.compiler.ir.Chain;
import io.hostwall.compiler.ir.CtState;
import io.hostwall.compiler.ir.Hook;
import io.hostwall.compiler.ir.IpSet;
import io.hostwall.compiler.ir.IrAction;
import io.hostwall.compiler.ir.IrRule;
import io.hostwall.compiler.ir.Match;
import io.hostwall.compiler.ir.Ruleset;
import io.hostwall.compiler.ir.SetMember;
import io.hostwall.compiler.ir.Side;
import io.hostwall.compiler.ir.TableKind;
import io.hostwall.model.Cidr;
import io.hostwall.model.IpFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Runs a packet through an IR {@link Ruleset} the way the kernel runs a loaded ruleset: hook by hook (raw →
 * conntrack → mangle → DNAT → filter; POSTROUTING last), base chains of one hook in priority order, with the
 * packet mark carried across hooks, jump/goto/return semantics, set lookups and conntrack state. It knows nothing
 * of policy: it only executes the IR, which is what makes it a check on the compiler.
 */
public final class RulesetInterpreter {
    private static final int MAX_STEPS = 100_000;

    private final Ruleset ruleset;
    private final Map<String, Chain> chains = new HashMap<>();
    private final Map<String, Set<String>> addressPortSets = new HashMap<>();
    private final Map<String, List<Cidr>> networkSets = new HashMap<>();

    public RulesetInterpreter(Ruleset ruleset) {
        this.ruleset = ruleset;
        for (Chain c : ruleset.chains()) {
            chains.put(c.name(), c);
        }
        for (IpSet s : ruleset.sets()) {
            if (s.type() == io.hostwall.compiler.ir.SetType.NETWORKS) {
                List<Cidr> nets = new ArrayList<>();
                s.members().forEach(m -> nets.add(((SetMember.Network) m).cidr()));
                networkSets.put(s.name(), nets);
            } else {
                Set<String> keys = new HashSet<>();
                for (SetMember m : s.members()) {
                    SetMember.AddressProtocolPort a = (SetMember.AddressProtocolPort) m;
                    keys.add(key(a.address(), a.protocol(), a.port()));
                }
                addressPortSets.put(s.name(), keys);
            }
        }
    }

    public Ruleset ruleset() {
        return ruleset;
    }

    /** The packet's fate and the rules that matched on its way. */
    public InterpretedPacket run(Packet packet) {
        State s = new State(packet);
        if (packet.inInterface().isPresent()) {
            if (!hook(s, Hook.PREROUTING, TableKind.RAW)) {
                return s.result(Verdict.DENY);
            }
            s.conntrack();
            if (!hook(s, Hook.PREROUTING, TableKind.MANGLE)) {
                return s.result(Verdict.DENY);
            }
            s.dnat();
            if (!hook(s, packet.outInterface().isPresent() ? Hook.FORWARD : Hook.INPUT, null)) {
                return s.result(Verdict.DENY);
            }
        } else {
            if (!hook(s, Hook.OUTPUT, TableKind.RAW)) {
                return s.result(Verdict.DENY);
            }
            s.conntrack();
            s.dnat();
            if (!hook(s, Hook.OUTPUT, TableKind.MANGLE) || !hook(s, Hook.OUTPUT, TableKind.FILTER)) {
                return s.result(Verdict.DENY);
            }
        }
        if (packet.outInterface().isPresent() && !hook(s, Hook.POSTROUTING, null)) {
            return s.result(Verdict.DENY);
        }
        return s.result(Verdict.ALLOW);
    }

    /** Runs the base chains of {@code hook} (only those of {@code table} when given); false = dropped. */
    private boolean hook(State s, Hook hook, TableKind table) {
        List<BaseChain> bases = ruleset.baseChains().stream()
                .filter(b -> b.hook() == hook && (table == null || b.table() == table))
                .sorted(Comparator.comparingInt(b -> b.table().priority()))
                .toList();
        for (BaseChain b : bases) {
            if (runChain(s, b.name(), b.rules()) == Outcome.DROP) {
                return false;
            }
        }
        return true;
    }

    private enum Outcome { ACCEPT, DROP, RETURN }

    /** Runs a base chain: jumps push frames; goto replaces the frame; return pops. */
    private Outcome runChain(State s, String baseName, List<IrRule> baseRules) {
        record Frame(String name, List<IrRule> rules, int next) {}
        List<Frame> stack = new ArrayList<>();
        String name = baseName;
        List<IrRule> rules = baseRules;
        int i = 0;
        int steps = 0;
        while (true) {
            if (++steps > MAX_STEPS) {
                throw new IllegalStateException("ruleset loops: more than " + MAX_STEPS + " rule evaluations");
            }
            if (i >= rules.size()) {
                if (stack.isEmpty()) {
                    return Outcome.RETURN;
                }
                Frame f = stack.remove(stack.size() - 1);
                name = f.name();
                rules = f.rules();
                i = f.next();
                continue;
            }
            IrRule rule = rules.get(i);
            if (!matches(s, rule)) {
                i++;
                continue;
            }
            s.matched.add(new TracedRule(name, i, rule));
            IrAction a = rule.action();
            if (a instanceof IrAction.Accept) {
                return Outcome.ACCEPT;
            } else if (a instanceof IrAction.Drop || a instanceof IrAction.Reject) {
                return Outcome.DROP;
            } else if (a instanceof IrAction.Return) {
                i = rules.size(); // pops the frame, or ends the base chain
            } else if (a instanceof IrAction.Jump j) {
                if (stack.size() > 64) {
                    throw new IllegalStateException("jump depth exceeded at " + j.chain());
                }
                stack.add(new Frame(name, rules, i + 1));
                name = j.chain();
                rules = chain(j.chain()).rules();
                i = 0;
            } else if (a instanceof IrAction.Goto g) {
                name = g.chain();
                rules = chain(g.chain()).rules();
                i = 0;
            } else if (a instanceof IrAction.Dispatch d) {
                Optional<String> iface = d.direction() == io.hostwall.compiler.ir.InterfaceDirection.IN
                        ? s.packet.inInterface() : s.packet.outInterface();
                String target = iface.map(d.targets()::get).orElse(null);
                if (target == null) {
                    i++;
                } else {
                    name = target;
                    rules = chain(target).rules();
                    i = 0;
                }
            } else if (a instanceof IrAction.SetMark m) {
                s.mark = (s.mark & ~m.mask()) | m.value();
                i++;
            } else if (a instanceof IrAction.Notrack) {
                s.notracked = true;
                i++;
            } else if (a instanceof IrAction.Log) {
                i++;
            } else {
                throw new IllegalStateException("unknown action " + a);
            }
        }
    }

    private Chain chain(String name) {
        Chain c = chains.get(name);
        if (c == null) {
            throw new IllegalStateException("jump to undefined chain " + name);
        }
        return c;
    }

    private boolean matches(State s, IrRule rule) {
        for (Match m : rule.matches()) {
            if (!matches(s, m)) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(State s, Match m) {
        Packet p = s.packet;
        if (m instanceof Match.Interface i) {
            Optional<String> iface = i.direction() == io.hostwall.compiler.ir.InterfaceDirection.IN
                    ? p.inInterface() : p.outInterface();
            boolean hit = iface.isPresent() && (i.prefix() ? iface.get().startsWith(i.name()) : iface.get().equals(i.name()));
            return hit != i.negated();
        } else if (m instanceof Match.Family f) {
            return p.family() == f.ipFamily();
        } else if (m instanceof Match.Protocol pr) {
            return (p.protocol() == pr.number()) != pr.negated();
        } else if (m instanceof Match.Address a) {
            return p.family() == a.cidr().family() && a.cidr().contains(s.address(a.side())) != a.negated();
        } else if (m instanceof Match.AddressSet a) {
            if (p.family() != a.ipFamily()) {
                return false;
            }
            InetAddress addr = s.address(a.side());
            boolean in = networkSets.getOrDefault(a.setName(), List.of()).stream().anyMatch(c -> c.contains(addr));
            return in != a.negated();
        } else if (m instanceof Match.Ports ports) {
            OptionalInt port = s.port(ports.side());
            if (p.protocol() != ports.protocol() || port.isEmpty()) {
                return false; // like nft's "tcp dport": a port match implies the protocol
            }
            boolean in = ports.ranges().stream().anyMatch(r -> r.contains(port.getAsInt()));
            return in != ports.negated();
        } else if (m instanceof Match.AddressPortSet a) {
            if (p.family() != a.ipFamily()) {
                return false;
            }
            OptionalInt port = s.port(a.side());
            boolean in = port.isPresent() && addressPortSets.getOrDefault(a.setName(), Set.of())
                    .contains(key(s.address(a.side()), p.protocol(), port.getAsInt()));
            return in != a.negated();
        } else if (m instanceof Match.Icmp icmp) {
            int icmpProto = icmp.ipFamily() == IpFamily.V4 ? 1 : 58;
            boolean isIcmp = p.family() == icmp.ipFamily() && p.protocol() == icmpProto;
            boolean hit = isIcmp
                    && (icmp.type().isEmpty() || p.icmpType().equals(icmp.type()))
                    && (icmp.code().isEmpty() || p.icmpCode().equals(icmp.code()));
            return hit != icmp.negated();
        } else if (m instanceof Match.Mark mk) {
            return ((s.mark & mk.mask()) == mk.value()) != mk.negated();
        } else if (m instanceof Match.ConntrackState ct) {
            return ct.states().contains(s.ctState()) != ct.negated();
        } else if (m instanceof Match.ConntrackDnat d) {
            return s.dnatDone == d.dnat();
        }
        throw new IllegalStateException("unknown match " + m);
    }

    private static String key(InetAddress a, int protocol, int port) {
        return a.getHostAddress() + "|" + protocol + "|" + port;
    }

    /** The packet as it travels: mark, conntrack knowledge, header rewrites, matched rules. */
    private static final class State {
        final Packet packet;
        int mark;
        boolean notracked;
        boolean dnatDone;
        final List<TracedRule> matched = new ArrayList<>();

        State(Packet packet) {
            this.packet = packet;
        }

        /** Conntrack runs after raw: from here on a notracked packet stays untracked. Nothing else to record. */
        void conntrack() {
        }

        void dnat() {
            // A notracked packet is never NATed: NAT needs a conntrack entry.
            if (packet.dnat().isPresent() && !notracked) {
                dnatDone = true;
            }
        }

        CtState ctState() {
            if (notracked) {
                return CtState.UNTRACKED;
            }
            return packet.state() == Packet.ConnState.ESTABLISHED ? CtState.ESTABLISHED : CtState.NEW;
        }

        InetAddress address(Side side) {
            if (side == Side.SOURCE) {
                return packet.source();
            }
            return dnatDone ? packet.destinationAfterDnat() : packet.destination();
        }

        OptionalInt port(Side side) {
            if (side == Side.SOURCE) {
                return packet.sourcePort();
            }
            return dnatDone ? packet.destinationPortAfterDnat() : packet.destinationPort();
        }

        InterpretedPacket result(Verdict v) {
            return new InterpretedPacket(v, ImmutableList.copyOf(matched));
        }
    }

}
