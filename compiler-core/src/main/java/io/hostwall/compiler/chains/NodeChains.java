package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import io.hostwall.compiler.plan.Binding;

/**
 * A compiled node's regular chains and sets, kept so that the next compile of the node can patch them when only
 * policies changed. When only the rules of some policies changed, their chains are swapped for the new versions'.
 * When policies were added or deleted (or moved in the order, or changed stage), the bindings whose selected
 * policies changed get their endpoint chains rebuilt (reusing unchanged policy groups, {@link GroupMemo}); the
 * policy and failsafe chains are counted by the bindings that jump to them, so those no binding jumps to any more
 * leave and those jumped to for the first time come; the dispatch chains follow. The sets are reference-counted by
 * the chains that brought them in. Every other chain — the endpoint chains of other bindings with their thousands of
 * policy jumps, unchanged groups, dispatch and failsafe chains — stays the very same object, which also lets the
 * backends' render memos skip it by identity (JFR, issue 10: rebuilding them was most of a recompile). The caller
 * decides when a patch is valid (see {@code HostwallCompiler}); the result is what a full compile would give. Not
 * thread-safe: one compile at a time owns an instance.
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
    private final Map<Binding, EndpointChains.BindingChains> bindings;
    private final GroupMemo memo;
    private BaseChains.Dispatch dispatch;
    // Built on the first patch: a full compile that is never patched (compileAll) does not pay for them.
    private TreeMap<String, Chain> byName;
    private HashMap<String, Jumped> policyChains;
    private HashMap<String, Integer> failsafeChains;
    private IdentityHashMap<GlobalNetworkPolicy, List<String>> byPolicy;
    private TreeMap<String, Counted> counted;
    /** The names whose chain a patch put or removed, in name order. */
    private final java.util.TreeSet<String> relisted = new java.util.TreeSet<>();
    private boolean attributed;

    private static final class Counted {
        final IpSet set;
        int uses;

        Counted(IpSet set) {
            this.set = set;
        }
    }

    /** A policy chain of the node: how it was compiled, and how many bindings jump to it. */
    private static final class Jumped {
        Use use; // null until defined
        int bindings;

        Jumped(Use use) {
            this.use = use;
        }
    }

    /**
     * What a compile produced.
     *
     * @param chains the regular chains, sorted by name (the ruleset's)
     * @param sets the sets, sorted by name (the ruleset's)
     * @param chainsOf the policy chains that defined them
     * @param bindings each binding's endpoint chains, in binding order
     * @param dispatch the dispatch chains
     * @param memo the group chains the compile built, which a patch reuses and keeps up to date
     */
    public NodeChains(ImmutableList<Chain> chains, ImmutableList<IpSet> sets, PolicyChains chainsOf,
            Map<Binding, EndpointChains.BindingChains> bindings, BaseChains.Dispatch dispatch, GroupMemo memo) {
        this.memo = memo;
        this.chains = chains;
        this.sets = sets;
        this.defined = chainsOf.uses();
        this.bindings = new HashMap<>(bindings);
        this.dispatch = dispatch;
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
     * The group chains of this node, for the endpoint chains a patch rebuilds.
     *
     * @return the memo
     */
    public GroupMemo memo() {
        return memo;
    }

    /**
     * The dispatch targets of {@code b} as last compiled.
     *
     * @param b a binding of this node
     * @return its endpoint chains' names
     */
    public EndpointChains.Targets targets(Binding b) {
        return bindings.get(b).targets();
    }

    /**
     * Patches the chains after policies changed: the chains of each replaced policy become its replacement's, the
     * endpoint chains of each rebuilt binding are swapped for the new ones (an equal chain keeps its old object),
     * policy and failsafe chains no binding jumps to any more leave, ones jumped to for the first time come (from
     * the policy chain cache), the dispatch chains follow, and the sets are recounted. Every chain the change does
     * not touch stays the very same object. Each replacement must have the name, tier, stages and directions of the
     * policy it replaces wherever a binding is not rebuilt.
     *
     * @param replaced old policy → its replacement (identity keys), in bindings that are not rebuilt
     * @param rebuilt the rebuilt bindings' new endpoint chains, built into {@code scratch}
     * @param dispatch the new dispatch chains (in {@code scratch}), or empty when they cannot have changed
     * @param scratch where the new endpoint, failsafe and dispatch chains are
     * @param compiler names the policy chains the rebuilt bindings jump to, and compiles or fetches a policy's chain
     *     for this node's address book and options
     * @return false, changing nothing, when the node's chains and sets did not all come from known places (then only
     *     a full compile knows them)
     */
    public boolean patch(IdentityHashMap<GlobalNetworkPolicy, GlobalNetworkPolicy> replaced,
            Map<Binding, EndpointChains.BindingChains> rebuilt, Optional<BaseChains.Dispatch> dispatch,
            ChainSink scratch, PolicyChains compiler) {
        index();
        if (!attributed || counted.size() != sets.size()) {
            return false;
        }
        Map<String, Use> requested = new HashMap<>();
        if (!rebuilt.isEmpty()) {
            compiler.uses().forEach(u -> requested.put(u.name(), u));
        }
        java.util.Set<String> touched = new java.util.LinkedHashSet<>();
        Map<String, Use> pending = new HashMap<>();
        for (Map.Entry<Binding, EndpointChains.BindingChains> e : rebuilt.entrySet()) {
            EndpointChains.BindingChains was = bindings.get(e.getKey());
            EndpointChains.BindingChains now = e.getValue();
            java.util.Set<String> stays = new java.util.HashSet<>(now.own());
            for (String n : was.own()) {
                if (!stays.contains(n)) {
                    unlist(n);
                    memo.forget(n);
                }
            }
            for (String n : now.own()) {
                keepOrPut(scratch.get(n));
            }
            // Only a policy that came, left or changed shape in this binding jumps to other chains than before.
            for (Map.Entry<GlobalNetworkPolicy, List<String>> p : was.policyChains().entrySet()) {
                if (!p.getValue().equals(now.policyChains().get(p.getKey()))) {
                    for (String n : p.getValue()) {
                        policyChains.get(n).bindings--;
                        touched.add(n);
                    }
                }
            }
            for (Map.Entry<GlobalNetworkPolicy, List<String>> p : now.policyChains().entrySet()) {
                if (p.getValue().equals(was.policyChains().get(p.getKey()))) {
                    continue;
                }
                for (String n : p.getValue()) {
                    Jumped j = policyChains.computeIfAbsent(n, k -> new Jumped(null));
                    j.bindings++;
                    touched.add(n);
                    Use want = requested.get(n);
                    if (want == null) {
                        continue; // named by a group kept as it was: the same policy as before
                    }
                    if (j.use == null || j.use.policy().orElseThrow() != want.policy().orElseThrow()
                            || j.use.direction() != want.direction() || !j.use.deny().equals(want.deny())
                            || j.use.dropVariant() != want.dropVariant()) {
                        pending.put(n, want);
                    }
                }
            }
            was.failsafeChains().forEach(n -> failsafeChains.merge(n, -1, Integer::sum));
            now.failsafeChains().forEach(n -> failsafeChains.merge(n, 1, Integer::sum));
            for (String n : concat(was.failsafeChains(), now.failsafeChains())) {
                if (failsafeChains.getOrDefault(n, 0) == 0) {
                    failsafeChains.remove(n);
                    unlist(n);
                } else {
                    keepOrPut(scratch.get(n) != null ? scratch.get(n) : byName.get(n));
                }
            }
            bindings.put(e.getKey(), now);
        }
        for (Map.Entry<GlobalNetworkPolicy, GlobalNetworkPolicy> e : replaced.entrySet()) {
            for (String n : byPolicy.getOrDefault(e.getKey(), List.of())) {
                Use u = policyChains.get(n).use;
                if (!pending.containsKey(n) && u.policy().orElseThrow() == e.getKey()) {
                    pending.put(n, new Use(Optional.of(e.getValue()), n, u.direction(), u.deny(), u.dropVariant(),
                            null));
                    touched.add(n);
                }
            }
        }
        boolean setsChanged = false;
        for (String n : touched) {
            Jumped j = policyChains.get(n);
            Use want = pending.get(n);
            if (j.bindings == 0 || want != null) {
                if (j.use != null) {
                    setsChanged |= release(j.use.sets());
                    unlink(j.use);
                }
                if (j.bindings == 0) {
                    policyChains.remove(n);
                    unlist(n);
                    continue;
                }
                GlobalNetworkPolicy p = want.policy().orElseThrow();
                PolicyChainCache.Product product = compiler.product(p, want.direction(), want.deny(),
                        want.dropVariant());
                list(new Chain(n, product.rules()));
                setsChanged |= hold(product.sets());
                j.use = new Use(want.policy(), n, want.direction(), want.deny(), want.dropVariant(), product.sets());
                byPolicy.computeIfAbsent(p, k -> new ArrayList<>(2)).add(n);
            }
        }
        if (dispatch.isPresent()) {
            List<Optional<String>> before = dispatchNames(this.dispatch);
            List<Optional<String>> after = dispatchNames(dispatch.get());
            java.util.Set<String> now = new java.util.HashSet<>();
            after.forEach(o -> o.ifPresent(now::add));
            before.forEach(o -> o.filter(n -> !now.contains(n)).ifPresent(this::unlist));
            now.forEach(n -> keepOrPut(scratch.get(n)));
            this.dispatch = dispatch.get();
        }
        chains = relist(chains);
        if (setsChanged) {
            ImmutableList.Builder<IpSet> b = ImmutableList.builderWithExpectedSize(counted.size());
            counted.values().forEach(c -> b.add(c.set));
            sets = b.build();
        }
        return true;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<Optional<String>> dispatchNames(BaseChains.Dispatch d) {
        return List.of(d.rawFrom(), d.rawTo(), d.preDnatFrom(), d.from(), d.to(), d.fromForward(), d.toForward(),
                d.mangleTo());
    }

    /** Puts {@code c} unless an equal chain of its name is there (which then stays the same object). */
    private void keepOrPut(Chain c) {
        Chain old = byName.get(c.name());
        if (old == null || old != c && !old.equals(c)) {
            list(c);
        }
    }

    private void list(Chain c) {
        byName.put(c.name(), c);
        relisted.add(c.name());
    }

    private void unlist(String name) {
        byName.remove(name);
        relisted.add(name);
    }

    /**
     * The previous list with the chains of the names the patch put or removed in their places: the kept chains'
     * references copied in runs, each change placed by binary search, where copying the whole name-sorted map
     * walked thousands of tree nodes on every patch (JFR, issue 9).
     */
    private ImmutableList<Chain> relist(ImmutableList<Chain> old) {
        if (relisted.isEmpty()) {
            return old;
        }
        ImmutableList.Builder<Chain> b = ImmutableList.builderWithExpectedSize(old.size() + relisted.size());
        int from = 0;
        for (String name : relisted) {
            int at = Collections.binarySearch(Lists.transform(old, Chain::name), name);
            int keptTo = at >= 0 ? at : -at - 1;
            b.addAll(old.subList(from, keptTo));
            Chain now = byName.get(name);
            if (now != null) {
                b.add(now);
            }
            from = at >= 0 ? at + 1 : keptTo;
        }
        b.addAll(old.subList(from, old.size()));
        relisted.clear();
        return b.build();
    }

    private void unlink(Use u) {
        List<String> names = byPolicy.get(u.policy().orElseThrow());
        names.remove(u.name());
        if (names.isEmpty()) {
            byPolicy.remove(u.policy().orElseThrow());
        }
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
        if (byName != null) {
            return;
        }
        byName = new TreeMap<>();
        chains.forEach(c -> byName.put(c.name(), c));
        policyChains = new HashMap<>();
        failsafeChains = new HashMap<>();
        byPolicy = new IdentityHashMap<>();
        counted = new TreeMap<>();
        java.util.Set<String> known = new java.util.HashSet<>();
        java.util.Set<String> missing = new java.util.HashSet<>();
        for (Use u : defined) {
            known.add(u.name());
            u.policy().ifPresent(p -> {
                policyChains.put(u.name(), new Jumped(u));
                byPolicy.computeIfAbsent(p, k -> new ArrayList<>(2)).add(u.name());
            });
            hold(u.sets());
        }
        for (EndpointChains.BindingChains b : bindings.values()) {
            known.addAll(b.own());
            b.policyChains().values().stream().flatMap(List::stream).forEach(n -> {
                Jumped j = policyChains.get(n);
                if (j != null) {
                    j.bindings++;
                } else {
                    missing.add(n);
                }
            });
            b.failsafeChains().forEach(n -> failsafeChains.merge(n, 1, Integer::sum));
        }
        known.addAll(failsafeChains.keySet());
        dispatchNames(dispatch).forEach(o -> o.ifPresent(known::add));
        // Every chain must be one of these, and every policy chain jumped to, or a patch could not keep them right.
        attributed = missing.isEmpty() && known.equals(byName.keySet()) && policyChains.values().stream().allMatch(j -> j.bindings > 0);
    }
}
