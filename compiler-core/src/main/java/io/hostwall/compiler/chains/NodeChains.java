package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A compiled node's regular chains and sets, kept so that the next compile of the node can patch them when only the
 * rules of some policies changed: their chains are swapped for the new versions' (same names, so the same places in
 * the sorted list) and the sets are reference-counted by the chains that brought them in. Every other chain — the
 * endpoint chains with their thousands of policy jumps, the dispatch and failsafe chains — stays the very same
 * object, which also lets the backends' render memos skip it by identity (JFR, issue 10: rebuilding them was most of
 * a recompile). The caller decides when a patch is valid (see {@code HostwallCompiler}); the result is what a full
 * compile would give. Not thread-safe: one compile at a time owns an instance.
 */
public final class NodeChains {
    /**
     * One chain a compile defined from a policy or profile: its name, how it was compiled, and the sets it brought
     * into the node's registry.
     *
     * @param policy the policy, or empty for a profile chain (never patched)
     * @param name the chain's name
     * @param direction the rules' direction
     * @param deny how Deny discards there
     * @param dropVariant whether it is the plain-drop variant
     * @param sets the sets the chain brought in
     */
    record Use(Optional<GlobalNetworkPolicy> policy, String name, Direction direction, IrAction deny,
            boolean dropVariant, ImmutableList<IpSet> sets) {}

    private ImmutableList<Chain> chains;
    private ImmutableList<IpSet> sets;
    private final List<Use> defined;
    // Built on the first patch: a full compile that is never patched (compileAll) does not pay for them.
    private Map<String, Integer> position;
    private IdentityHashMap<GlobalNetworkPolicy, List<Use>> byPolicy;
    private TreeMap<String, Counted> counted;

    private static final class Counted {
        final IpSet set;
        int uses;

        Counted(IpSet set) {
            this.set = set;
        }
    }

    /**
     * What a compile produced.
     *
     * @param chains the regular chains, sorted by name (the ruleset's)
     * @param sets the sets, sorted by name (the ruleset's)
     * @param chainsOf the policy chains that defined them
     */
    public NodeChains(ImmutableList<Chain> chains, ImmutableList<IpSet> sets, PolicyChains chainsOf) {
        this.chains = chains;
        this.sets = sets;
        this.defined = chainsOf.uses();
    }

    /**
     * The regular chains, sorted by name.
     *
     * @return the chains
     */
    public ImmutableList<Chain> chains() {
        return chains;
    }

    /**
     * The sets, sorted by name.
     *
     * @return the sets
     */
    public ImmutableList<IpSet> sets() {
        return sets;
    }

    /**
     * Swaps the chains of each replaced policy for its replacement's and recounts the sets. Each replacement must
     * have the name, tier, stages and directions of the policy it replaces, and each replaced policy must be one
     * this node's chains were compiled from (or one it has no chain of).
     *
     * @param replaced old policy → its replacement (identity keys)
     * @param compiler compiles or fetches a policy's chain for this node's address book and options
     * @return false, changing nothing, when the node's sets did not all come from its policy and profile chains
     *     (then only a full compile knows them)
     */
    public boolean replace(IdentityHashMap<GlobalNetworkPolicy, GlobalNetworkPolicy> replaced,
            PolicyChains compiler) {
        index();
        if (counted.size() != sets.size()) {
            return false;
        }
        Chain[] next = chains.toArray(new Chain[0]);
        boolean setsChanged = false;
        for (Map.Entry<GlobalNetworkPolicy, GlobalNetworkPolicy> e : replaced.entrySet()) {
            List<Use> old = byPolicy.remove(e.getKey());
            if (old == null) {
                continue;
            }
            List<Use> now = new ArrayList<>(old.size());
            for (Use u : old) {
                PolicyChainCache.Product p = compiler.product(e.getValue(), u.direction(), u.deny(), u.dropVariant());
                next[position.get(u.name())] = new Chain(u.name(), p.rules());
                if (!u.sets().equals(p.sets())) {
                    setsChanged |= release(u.sets());
                    setsChanged |= hold(p.sets());
                }
                now.add(new Use(Optional.of(e.getValue()), u.name(), u.direction(), u.deny(), u.dropVariant(),
                        p.sets()));
            }
            byPolicy.put(e.getValue(), now);
        }
        chains = ImmutableList.copyOf(next);
        if (setsChanged) {
            ImmutableList.Builder<IpSet> b = ImmutableList.builderWithExpectedSize(counted.size());
            counted.values().forEach(c -> b.add(c.set));
            sets = b.build();
        }
        return true;
    }

    /** Counts one more use of each set; true when a set is new to the node. */
    private boolean hold(List<IpSet> list) {
        boolean added = false;
        for (IpSet s : list) {
            Counted c = counted.get(s.name());
            if (c == null) {
                c = new Counted(s);
                counted.put(s.name(), c);
                added = true;
            }
            c.uses++;
        }
        return added;
    }

    /** Counts one use less of each set; true when a set left the node. */
    private boolean release(List<IpSet> list) {
        boolean removed = false;
        for (IpSet s : list) {
            Counted c = counted.get(s.name());
            if (--c.uses == 0) {
                counted.remove(s.name());
                removed = true;
            }
        }
        return removed;
    }

    private void index() {
        if (position != null) {
            return;
        }
        position = new HashMap<>(chains.size() * 2);
        for (int i = 0; i < chains.size(); i++) {
            position.put(chains.get(i).name(), i);
        }
        byPolicy = new IdentityHashMap<>();
        counted = new TreeMap<>();
        for (Use u : defined) {
            u.policy().ifPresent(p -> byPolicy.computeIfAbsent(p, k -> new ArrayList<>(2)).add(u));
            hold(u.sets());
        }
    }
}
