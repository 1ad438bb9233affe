package io.hostwall.compiler.interp;

import io.hostwall.compiler.eval.TracedRule;
import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.interp.TraceEvent.End;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.Hook;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link Packet} through an IR {@link Ruleset} the way the kernel runs the loaded ruleset: hook by hook
 * (to a host process PREROUTING → INPUT; forwarded PREROUTING → FORWARD → POSTROUTING; from a host process OUTPUT →
 * POSTROUTING), at each hook the base chains in priority order with the conntrack lookup (-200) and the DNAT (-100)
 * in between, the packet mark carried across hooks. Accept, Return and the end of a base chain end that base chain
 * only (policy accept); Drop and Reject end everything. It knows nothing of policy, which is what makes it a check on
 * the compiler.
 *
 * <p>What the IR promises and the kernel enforces is checked while running; a broken promise is a compiler bug and
 * throws {@link IllegalStateException}: a jump to an undefined chain or set, nesting deeper than
 * {@value #MAX_DEPTH} chains (nftables' jump stack), more than {@value #MAX_STEPS} rule evaluations for one packet
 * (a loop), Notrack outside raw, Reject outside filter, a conntrack match in raw.
 *
 * <p>Sets and chains are indexed once per instance; instances are immutable and thread-safe.
 */
public final class RulesetInterpreter {
    /** nftables' jump stack (NFT_JUMP_STACK_SIZE); iptables allows more, but the nft backend must load too. */
    public static final int MAX_DEPTH = 16;
    public static final int MAX_STEPS = 100_000;

    private final Ruleset ruleset;
    private final Map<String, Chain> chains = new HashMap<>();
    private final MatchEvaluator matcher;
    private final HookPlan hooks;

    public RulesetInterpreter(Ruleset ruleset) {
        this.ruleset = ruleset;
        for (Chain c : ruleset.chains()) {
            if (chains.put(c.name(), c) != null) {
                throw new IllegalStateException("two chains named " + c.name());
            }
        }
        this.matcher = new MatchEvaluator(new SetIndex(ruleset.sets()));
        this.hooks = new HookPlan(ruleset.baseChains());
    }

    public Ruleset ruleset() {
        return ruleset;
    }

    /** The verdict and the full trace. */
    public InterpretedPacket run(Packet packet) {
        return run(packet, true);
    }

    /** The verdict only (no trace recorded): for properties that ask many packets. */
    public Verdict verdict(Packet packet) {
        return run(packet, false).verdict();
    }

    private InterpretedPacket run(Packet packet, boolean tracing) {
        PacketState s = new PacketState(packet);
        List<TraceEvent> trace = tracing ? new ArrayList<>() : null;
        for (Hook hook : HookPlan.path(packet)) {
            s.hook = hook;
            for (HookPlan.Step step : hooks.at(hook)) {
                if (step instanceof HookPlan.Conntrack) {
                    s.tracked = true;
                    add(trace, () -> new TraceEvent.ConntrackLookup(hook, s.ctState()));
                } else if (step instanceof HookPlan.Dnat) {
                    dnat(s, hook, trace);
                } else {
                    BaseChain base = ((HookPlan.RunBaseChain) step).chain();
                    End end = new ChainRun(s, base, trace).run();
                    add(trace, () -> new TraceEvent.BaseChainEnd(hook, base.table(), base.name(), end));
                    if (end == End.DROP || end == End.REJECT) {
                        return result(packet, Verdict.DENY, trace, s);
                    }
                }
            }
        }
        return result(packet, Verdict.ALLOW, trace, s);
    }

    /** NAT needs a conntrack entry: an untracked or INVALID packet is never DNAT'd. */
    private static void dnat(PacketState s, Hook hook, List<TraceEvent> trace) {
        if (s.packet.dnat().isEmpty() || s.natted) {
            return;
        }
        if (s.notracked || s.packet.state() == Packet.ConnState.INVALID) {
            add(trace, () -> new TraceEvent.DnatSkipped(hook));
            return;
        }
        s.natted = true;
        add(trace, () -> new TraceEvent.DnatApplied(hook, s.packet.destinationAfterDnat(),
                s.packet.destinationPortAfterDnat()));
    }

    private static InterpretedPacket result(Packet p, Verdict v, List<TraceEvent> trace, PacketState s) {
        return new InterpretedPacket(p, v, trace == null ? ImmutableList.of() : ImmutableList.copyOf(trace), s.mark);
    }

    private static void add(List<TraceEvent> trace, java.util.function.Supplier<TraceEvent> event) {
        if (trace != null) {
            trace.add(event.get());
        }
    }

    /** One base chain's run: a call stack of (chain, next rule) frames. */
    private final class ChainRun implements IrAction.Visitor<Optional<End>> {
        private final PacketState s;
        private final BaseChain base;
        private final List<TraceEvent> trace;
        private final List<Frame> stack = new ArrayList<>();
        private String chain;
        private List<IrRule> rules;
        private int next;
        /** Chains entered on the current path (base = 0), by jump, goto or dispatch: nft's validation depth. */
        private int depth;
        private int steps;
        private final Match.Visitor<Boolean> matches;

        private record Frame(String chain, List<IrRule> rules, int next, int depth) {}

        ChainRun(PacketState s, BaseChain base, List<TraceEvent> trace) {
            this.s = s;
            this.base = base;
            this.trace = trace;
            this.chain = base.name();
            this.rules = base.rules();
            this.matches = matcher.on(s, base.table());
        }

        End run() {
            while (true) {
                if (next >= rules.size()) {
                    // Falling off the end is a return.
                    if (!pop()) {
                        return End.POLICY_ACCEPT;
                    }
                    continue;
                }
                if (++steps > MAX_STEPS) {
                    throw new IllegalStateException("more than " + MAX_STEPS + " rule evaluations in " + base.name()
                            + ": the ruleset loops (last chain " + chain + ")");
                }
                String here = chain;
                int index = next++;
                IrRule rule = rules.get(index);
                boolean hit = matchesAll(rule);
                // Executing changes the mark (traced below) and the position in the chains (not traced).
                Optional<End> end = hit ? rule.action().accept(this) : Optional.empty();
                if (trace != null) {
                    trace.add(new TraceEvent.RuleEvaluated(
                            new TracedRule(s.hook, base.table(), here, index, rule), hit, s.mark));
                }
                if (end.isPresent()) {
                    return end.get();
                }
            }
        }

        private boolean matchesAll(IrRule rule) {
            for (Match m : rule.matches()) {
                if (!m.accept(matches)) {
                    return false;
                }
            }
            return true;
        }

        // Executing an action: Accept/Drop/Reject end the base chain; Return pops a frame (at base level it ends
        // the chain); the others continue the walk (marks, notrack, log, jump, goto, dispatch).

        @Override
        public Optional<End> visit(IrAction.Accept a) {
            return Optional.of(End.ACCEPT);
        }

        @Override
        public Optional<End> visit(IrAction.Drop a) {
            return Optional.of(End.DROP);
        }

        @Override
        public Optional<End> visit(IrAction.Reject a) {
            if (base.table() != TableKind.FILTER) {
                throw new IllegalStateException("reject in " + base.table().iptablesName() + " chain " + chain);
            }
            return Optional.of(End.REJECT);
        }

        @Override
        public Optional<End> visit(IrAction.Return a) {
            return pop() ? Optional.empty() : Optional.of(End.POLICY_ACCEPT);
        }

        @Override
        public Optional<End> visit(IrAction.SetMark m) {
            s.mark = (s.mark & ~m.mask()) | m.value();
            return Optional.empty();
        }

        @Override
        public Optional<End> visit(IrAction.Notrack a) {
            if (base.table() != TableKind.RAW) {
                throw new IllegalStateException("notrack in " + base.table().iptablesName() + " chain " + chain);
            }
            s.notracked = true;
            return Optional.empty();
        }

        @Override
        public Optional<End> visit(IrAction.Log a) {
            return Optional.empty();
        }

        @Override
        public Optional<End> visit(IrAction.Jump j) {
            stack.add(new Frame(chain, rules, next, depth));
            enter(j.chain());
            return Optional.empty();
        }

        @Override
        public Optional<End> visit(IrAction.Goto g) {
            enter(g.chain());
            return Optional.empty();
        }

        @Override
        public Optional<End> visit(IrAction.Dispatch d) {
            Optional<String> iface = s.iface(d.direction());
            String target = iface.map(d.targets()::get).orElse(null);
            if (target != null) {
                enter(target);
            }
            return Optional.empty();
        }

        /** Continues in {@code target} one level deeper (goto: the frame below stays the return address). */
        private void enter(String target) {
            Chain c = chains.get(target);
            if (c == null) {
                throw new IllegalStateException("chain " + chain + " goes to undefined chain " + target);
            }
            if (++depth > MAX_DEPTH) {
                throw new IllegalStateException("chains nested deeper than " + MAX_DEPTH + " at " + target);
            }
            chain = c.name();
            rules = c.rules();
            next = 0;
        }

        /** Returns to the caller; false when there is none (the base chain ends). */
        private boolean pop() {
            if (stack.isEmpty()) {
                return false;
            }
            Frame f = stack.remove(stack.size() - 1);
            chain = f.chain();
            rules = f.rules();
            next = f.next();
            depth = f.depth();
            return true;
        }
    }
}
