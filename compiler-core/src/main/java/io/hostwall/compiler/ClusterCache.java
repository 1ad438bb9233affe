package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.chains.Names;
import io.hostwall.compiler.chains.NodeChains;
import io.hostwall.compiler.plan.Binding;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.compiler.chains.PolicyChainCache;
import io.hostwall.compiler.chains.SetPool;
import io.hostwall.compiler.plan.AddressBook;
import io.hostwall.compiler.plan.EffectiveLabels;
import io.hostwall.compiler.plan.PolicyPlanner;
import io.hostwall.compiler.plan.NodeScope;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.Profile;
import io.hostwall.model.Tier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link HostwallCompiler} keeps between compiles, so that the work proportional to the cluster is done once
 * per cluster rather than once per node, and a recompile after a change redoes only what the change touched:
 * <ul>
 *   <li>an {@link Addresses} generation — effective labels, the address book (selector resolution, named ports), the
 *   pool of built sets and the compiled policy chains — valid while the host endpoints, network sets and profiles
 *   are the same lists (equal by content; unchanged resources are usually the very same objects, which compares in
 *   no time);</li>
 *   <li>the policy planner (policies sorted into tiers), valid while the policies and tiers are the same lists.</li>
 * </ul>
 * Each holds the latest version only: an agent alternating between two clusters recomputes, it never grows.
 */
final class ClusterCache {
    /** What depends on the endpoints, network sets and profiles of the cluster. */
    record Addresses(ImmutableList<HostEndpoint> hostEndpoints, ImmutableList<GlobalNetworkSet> networkSets,
            ImmutableList<Profile> profiles, EffectiveLabels labels, AddressBook book, SetPool pool,
            PolicyChainCache chains) {
        boolean isFor(PolicySet set) {
            return set.hostEndpoints().equals(hostEndpoints) && set.globalNetworkSets().equals(networkSets)
                    && set.profiles().equals(profiles);
        }
    }

    /**
     * What depends on the policies and tiers; {@code errors} are the planner's (undefined tiers); {@code patched}
     * whether the planner was patched from the previous one.
     */
    record Plan(ImmutableList<GlobalNetworkPolicy> policies, ImmutableList<Tier> tiers, EffectiveLabels labels,
            PolicyPlanner planner, ImmutableList<Problem> errors, boolean patched) {
        boolean isFor(PolicySet set, EffectiveLabels l) {
            return set.globalNetworkPolicies() == policies && set.tiers() == tiers && labels == l;
        }
    }

    /**
     * The last node compiled, as a later compile of the same node may patch it (HostwallCompiler#patched): valid
     * for the same node, facts, {@link Addresses} generation, tiers and Felix configurations; {@code selected} is
     * each binding's selected policies, in binding order.
     */
    record NodeMemo(String node, NodeFacts facts, Addresses addresses, ImmutableList<Tier> tiers,
            ImmutableList<FelixConfiguration> felix, Map<Binding, ImmutableList<GlobalNetworkPolicy>> selected,
            Ruleset ruleset, NodeChains chains) {}

    /**
     * The last node's scope ({@link NodeScope#resolve}) and the warnings resolving it gave: valid for the same node,
     * facts, {@link Addresses} generation (the same host endpoints) and source locations (which the warnings cite).
     */
    record ScopeMemo(String node, NodeFacts facts, Addresses addresses,
            com.google.common.collect.ImmutableMap<io.hostwall.model.ResourceRef, io.hostwall.model.SourceLocation> locations,
            NodeScope scope, ImmutableList<Problem> warnings) {}

    private final Names names;
    private final AtomicReference<ScopeMemo> lastScope = new AtomicReference<>();
    // Claimed (taken out) by the compile that patches it, so that concurrent compiles never share its mutable parts.
    private final AtomicReference<NodeMemo> lastNode = new AtomicReference<>();
    private final AtomicReference<Addresses> addresses = new AtomicReference<>();
    private final AtomicReference<Plan> plan = new AtomicReference<>();
    private final Map<Identity, Boolean> enforceable = new ConcurrentHashMap<>();

    ClusterCache(Names names) {
        this.names = names;
    }

    Addresses addresses(PolicySet set) {
        Addresses a = addresses.get();
        if (a == null || !a.isFor(set)) {
            EffectiveLabels labels = new EffectiveLabels(set);
            a = new Addresses(set.hostEndpoints(), set.globalNetworkSets(), set.profiles(), labels,
                    new AddressBook(set, labels), new SetPool(names), new PolicyChainCache());
            addresses.set(a);
        }
        return a;
    }

    Plan plan(PolicySet set, Addresses a) {
        Plan p = plan.get();
        if (p == null || !p.isFor(set, a.labels())) {
            Optional<PolicyPlanner> patched = Optional.empty();
            if (p != null && p.errors().isEmpty() && p.tiers().equals(set.tiers()) && p.labels() == a.labels()) {
                // A few policies edited, added or deleted (an agent's steady state): patch the previous plan
                // instead of sorting and matching every policy again.
                patched = p.planner().replacing(p.policies(), set.globalNetworkPolicies());
            }
            ImmutableList.Builder<Problem> errors = ImmutableList.builder();
            PolicyPlanner planner = patched.isPresent() ? patched.get() : new PolicyPlanner(set, a.labels(), errors);
            p = new Plan(set.globalNetworkPolicies(), set.tiers(), a.labels(), planner, errors.build(),
                    patched.isPresent());
            if (patched.isPresent()) {
                // Only the deleted and replaced policies left: forget just those (checking all 5,000 was a tenth of a
                // recompile).
                a.chains().forget(planner.replaced());
                planner.replaced().forEach(old -> enforceable.remove(new Identity(old)));
            } else {
                a.chains().retainOnly(set.globalNetworkPolicies());
                enforceable.keySet().retainAll(identities(set.globalNetworkPolicies()));
            }
            plan.set(p);
        }
        return p;
    }

    /**
     * The node's scope: the last one when it is valid for this compile (see {@link ScopeMemo}), else resolved now.
     * Resolving walks every host endpoint of the cluster (a few thousand name comparisons, a fifth of a patched
     * recompile).
     */
    NodeScope scope(PolicySet set, String node, CompileOptions options, NodeFacts facts, Addresses a,
            ImmutableList.Builder<Problem> warnings) {
        ScopeMemo m = lastScope.get();
        if (m != null && m.addresses() == a && m.node().equals(node) && m.facts().equals(facts)
                && (m.locations() == set.locations() || m.locations().isEmpty() && set.locations().isEmpty())) {
            warnings.addAll(m.warnings());
            return m.scope();
        }
        ImmutableList.Builder<Problem> found = ImmutableList.builder();
        NodeScope scope = NodeScope.resolve(set, node, options, facts, found);
        ImmutableList<Problem> w = found.build();
        warnings.addAll(w);
        lastScope.set(new ScopeMemo(node, facts, a, set.locations(), scope, w));
        return scope;
    }

    /**
     * Takes the last compiled node out of the cache (a concurrent compile then finds none).
     *
     * @return the memo, if any
     */
    Optional<NodeMemo> claimLastNode() {
        return Optional.ofNullable(lastNode.getAndSet(null));
    }

    /** Keeps {@code memo} as the last compiled node. */
    void keepLastNode(NodeMemo memo) {
        lastNode.set(memo);
    }

    /**
     * Whether {@code policy}'s rules passed {@code Enforceability.check} (which depends on the policy alone) once
     * already; remembers {@code true} results. Keyed by identity, pruned to the current policies with the plan.
     */
    boolean knownEnforceable(GlobalNetworkPolicy policy) {
        return enforceable.containsKey(new Identity(policy));
    }

    void enforceable(GlobalNetworkPolicy policy) {
        enforceable.put(new Identity(policy), Boolean.TRUE);
    }

    private static java.util.Set<Identity> identities(List<GlobalNetworkPolicy> policies) {
        java.util.Set<Identity> out = new java.util.HashSet<>(policies.size() * 2);
        policies.forEach(p -> out.add(new Identity(p)));
        return out;
    }

    /** A policy compared by identity: hashing thousands of policies by content would cost what the cache saves. */
    private record Identity(GlobalNetworkPolicy policy) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.policy == policy;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(policy);
        }
    }
}
