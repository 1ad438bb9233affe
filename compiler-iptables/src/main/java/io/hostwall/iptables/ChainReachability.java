package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which IR chains each table needs. IR chains belong to no table, while an iptables chain lives in exactly one; a
 * chain is copied into every table whose base chains reach it through jumps, gotos and dispatch entries.
 * Reachability ignores the family: a chain whose rules are all of the other family still exists (empty), so the
 * jumps to it resolve. Chains no base chain reaches are not written (Felix does the same, FR §12.2).
 */
final class ChainReachability {
    /** The chains an action continues in. */
    private static final IrAction.Visitor<List<String>> TARGETS = new IrAction.Visitor<>() {
        @Override
        public List<String> visit(IrAction.Jump j) {
            return List.of(j.chain());
        }

        @Override
        public List<String> visit(IrAction.Goto g) {
            return List.of(g.chain());
        }

        @Override
        public List<String> visit(IrAction.Dispatch d) {
            return List.copyOf(d.targets().values());
        }

        @Override
        public List<String> visit(IrAction.Accept a) {
            return List.of();
        }

        @Override
        public List<String> visit(IrAction.Drop a) {
            return List.of();
        }

        @Override
        public List<String> visit(IrAction.Reject a) {
            return List.of();
        }

        @Override
        public List<String> visit(IrAction.Return a) {
            return List.of();
        }

        @Override
        public List<String> visit(IrAction.SetMark a) {
            return List.of();
        }

        @Override
        public List<String> visit(IrAction.Log a) {
            return List.of();
        }

        @Override
        public List<String> visit(IrAction.Notrack a) {
            return List.of();
        }
    };

    private ChainReachability() {}

    /** Per table, the chains it needs, in the ruleset's order (so documents do not depend on traversal order). */
    static ImmutableMap<TableKind, ImmutableList<Chain>> of(Ruleset ruleset) {
        Map<String, Chain> byName = new LinkedHashMap<>();
        for (Chain c : ruleset.chains()) {
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("two chains named " + IptablesText.sanitize(c.name(), 140));
            }
        }
        Set<String> baseNames = new HashSet<>();
        for (BaseChain b : ruleset.baseChains()) {
            if (byName.containsKey(b.name()) || !baseNames.add(b.name())) {
                throw new IllegalArgumentException("chain name used twice: " + IptablesText.sanitize(b.name(), 140));
            }
        }
        Map<TableKind, ImmutableList<Chain>> out = new EnumMap<>(TableKind.class);
        for (TableKind table : TableKind.values()) {
            Set<String> seen = new HashSet<>();
            Deque<String> work = new ArrayDeque<>();
            for (BaseChain b : ruleset.baseChains()) {
                if (b.table() == table) {
                    b.rules().forEach(r -> targets(r, work));
                }
            }
            while (!work.isEmpty()) {
                String name = work.pop();
                Chain c = byName.get(name);
                if (c == null) {
                    throw new IllegalArgumentException("a rule jumps to chain " + IptablesText.sanitize(name, 140)
                            + ", which the ruleset does not define (base chains cannot be jump targets)");
                }
                if (seen.add(name)) {
                    c.rules().forEach(r -> targets(r, work));
                }
            }
            out.put(table, ruleset.chains().stream().filter(c -> seen.contains(c.name())).collect(ImmutableList.toImmutableList()));
        }
        return ImmutableMap.copyOf(out);
    }

    private static void targets(IrRule rule, Deque<String> out) {
        IrAction a = rule.action();
        if (a instanceof IrAction.Jump j) {
            out.addLast(j.chain()); // as addAll does, without a list per rule
        } else if (a instanceof IrAction.Goto g) {
            out.addLast(g.chain());
        } else {
            out.addAll(a.accept(TARGETS));
        }
    }
}
