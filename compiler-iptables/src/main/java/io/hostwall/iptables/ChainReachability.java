package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
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

    /**
     * Per table, the chains it needs, in the ruleset's order (so documents do not depend on traversal order).
     *
     * @throws IllegalArgumentException for a name given to two chains, or a jump to a chain that does not exist
     */
    static ImmutableMap<TableKind, ImmutableList<Chain>> of(Ruleset ruleset) {
        return lists(ruleset, indices(ruleset));
    }

    /**
     * Per table (by ordinal), the positions in {@code ruleset.chains()} of the chains it needs, ascending.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    static int[][] indices(Ruleset ruleset) {
        List<Chain> chains = ruleset.chains();
        Map<String, Integer> index = new HashMap<>(chains.size() * 2);
        for (int i = 0; i < chains.size(); i++) {
            Chain c = chains.get(i);
            if (index.put(c.name(), i) != null) {
                throw new IllegalArgumentException("two chains named " + IptablesText.sanitize(c.name(), 140));
            }
        }
        Set<String> baseNames = new HashSet<>();
        for (BaseChain b : ruleset.baseChains()) {
            if (index.containsKey(b.name()) || !baseNames.add(b.name())) {
                throw new IllegalArgumentException("chain name used twice: " + IptablesText.sanitize(b.name(), 140));
            }
        }
        int[][] out = new int[TableKind.values().length][];
        for (TableKind table : TableKind.values()) {
            // breadth first; a chain is queued once, when first named (the first missing name is the one reported,
            // as when every name was queued and checked on leaving the queue)
            boolean[] seen = new boolean[chains.size()];
            int[] queue = new int[chains.size()];
            int[] ends = {0};
            for (BaseChain b : ruleset.baseChains()) {
                if (b.table() == table) {
                    for (IrRule r : b.rules()) {
                        targets(r, index, seen, queue, ends);
                    }
                }
            }
            for (int next = 0; next < ends[0]; next++) {
                for (IrRule r : chains.get(queue[next]).rules()) {
                    targets(r, index, seen, queue, ends);
                }
            }
            int[] reached = new int[ends[0]];
            int n = 0;
            for (int i = 0; i < chains.size(); i++) {
                if (seen[i]) {
                    reached[n++] = i;
                }
            }
            out[table.ordinal()] = reached;
        }
        return out;
    }

    /** The chains at {@code indices} (from {@link #indices}) per table. */
    static ImmutableMap<TableKind, ImmutableList<Chain>> lists(Ruleset ruleset, int[][] indices) {
        List<Chain> chains = ruleset.chains();
        Map<TableKind, ImmutableList<Chain>> out = new EnumMap<>(TableKind.class);
        for (TableKind table : TableKind.values()) {
            int[] reached = indices[table.ordinal()];
            ImmutableList.Builder<Chain> b = ImmutableList.builderWithExpectedSize(reached.length);
            for (int i : reached) {
                b.add(chains.get(i));
            }
            out.put(table, b.build());
        }
        return ImmutableMap.copyOf(out);
    }

    private static void targets(IrRule rule, Map<String, Integer> index, boolean[] seen, int[] queue, int[] ends) {
        IrAction a = rule.action();
        if (a instanceof IrAction.Jump j) {
            reach(j.chain(), index, seen, queue, ends);
        } else if (a instanceof IrAction.Goto g) {
            reach(g.chain(), index, seen, queue, ends);
        } else if (a instanceof IrAction.Dispatch d) {
            for (String target : d.targets().values()) {
                reach(target, index, seen, queue, ends);
            }
        } else {
            for (String target : a.accept(TARGETS)) {
                reach(target, index, seen, queue, ends);
            }
        }
    }

    private static void reach(String name, Map<String, Integer> index, boolean[] seen, int[] queue, int[] ends) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("a rule jumps to chain " + IptablesText.sanitize(name, 140)
                    + ", which the ruleset does not define (base chains cannot be jump targets)");
        }
        if (!seen[i]) {
            seen[i] = true;
            queue[ends[0]++] = i;
        }
    }
}
