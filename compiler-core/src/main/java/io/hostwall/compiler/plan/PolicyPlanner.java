package io.hostwall.compiler.plan;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which policies apply to an endpoint in which stage and direction, grouped into tiers and ordered
 * (SEMANTICS §2, FR §4.1): tiers by order (missing last) then name; policies by order (missing = +∞) then name.
 */
public final class PolicyPlanner {
    static final Comparator<OptionalDouble> ORDER = Comparator.comparingDouble(o -> o.orElse(Double.POSITIVE_INFINITY));

    private final Map<String, Tier> tiers;
    private final ImmutableList<GlobalNetworkPolicy> sortedPolicies;
    private final EffectiveLabels labels;
    // The policies of the planner this one was patched from that it replaced (empty for a fresh plan).
    private final ImmutableList<GlobalNetworkPolicy> replaced;
    // Per host endpoint (by identity: an unchanged endpoint is the same object), the policies selecting it. Profiling
    // a recompile (issue 10) found every compile matching all the cluster's selectors against each endpoint again.
    private final Map<IdentityKey<HostEndpoint>, ImmutableList<GlobalNetworkPolicy>> selecting =
            new ConcurrentHashMap<>();

    private record IdentityKey<T>(T value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey<?> k && k.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    /** A policy with its place in evaluation order computed once, not in every comparison of the sort. */
    private record Ranked(int tierRank, double order, String name, GlobalNetworkPolicy policy) {}

    // Written out rather than composed from comparingInt/thenComparing lambdas: the sort of all the cluster's
    // policies is on a fresh compile's sequential path.
    private static final Comparator<Ranked> RANKED = (a, b) -> {
        int c = Integer.compare(a.tierRank(), b.tierRank());
        if (c == 0) {
            c = Double.compare(a.order(), b.order());
        }
        return c != 0 ? c : a.name().compareTo(b.name());
    };

    public PolicyPlanner(PolicySet set, EffectiveLabels labels, ImmutableList.Builder<Problem> errors) {
        this.labels = labels;
        this.replaced = ImmutableList.of();
        this.tiers = new TreeMap<>();
        tiers.put(Tier.DEFAULT, Tier.defaultTier());
        for (Tier t : set.tiers()) {
            tiers.put(t.name(), t);
        }
        Map<String, Integer> rank = tierRanks(tiers);
        List<Ranked> ordered = new ArrayList<>(set.globalNetworkPolicies().size());
        for (GlobalNetworkPolicy p : set.globalNetworkPolicies()) {
            Integer r = rank.get(p.tier());
            if (r == null) {
                errors.add(Enforceability.problem(set, p, "spec.tier", "tier \"" + p.tier() + "\" is not defined"));
                continue;
            }
            ordered.add(ranked(r, p));
        }
        ordered.sort(RANKED);
        this.sortedPolicies = ordered.stream().map(Ranked::policy).collect(ImmutableList.toImmutableList());
    }

    private PolicyPlanner(Map<String, Tier> tiers, ImmutableList<GlobalNetworkPolicy> sortedPolicies,
            EffectiveLabels labels, ImmutableList<GlobalNetworkPolicy> replaced) {
        this.tiers = tiers;
        this.sortedPolicies = sortedPolicies;
        this.labels = labels;
        this.replaced = replaced;
    }

    /**
     * The previous planner's policies that {@link #replacing} replaced to make this one; empty for a planner built
     * from scratch. Lets the caches drop exactly those rather than re-checking every policy they hold.
     *
     * @return the replaced policies
     */
    public ImmutableList<GlobalNetworkPolicy> replaced() {
        return replaced;
    }

    private static Ranked ranked(int tierRank, GlobalNetworkPolicy p) {
        return new Ranked(tierRank, p.order().orElse(Double.POSITIVE_INFINITY), p.name(), p);
    }

    /** Each tier's place in tier order. */
    private static Map<String, Integer> tierRanks(Map<String, Tier> tiers) {
        List<Tier> sorted = new ArrayList<>(tiers.values());
        sorted.sort(tierOrder());
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            rank.put(sorted.get(i).name(), i);
        }
        return rank;
    }

    /**
     * This planner for a cluster whose policies are {@code policies}: {@code previous}, which were this planner's
     * input, with some replaced by edited versions in the same places. Returns empty unless each replacement keeps
     * the name, tier, order and namespace/service-account selector presence of the policy it replaces (its place
     * and eligibility), so the order is kept without a sort, and an endpoint's selecting policies are patched — the
     * replacement's selector evaluated against it — rather than computed from every selector again. The result is
     * the planner a fresh construction would give; the caller checks that tiers, labels and errors are unchanged.
     *
     * @param previous the policies this planner was built from, in the cluster's order
     * @param policies the new policies, in the cluster's order
     * @return the planner for {@code policies}, or empty when a full construction is needed
     */
    public Optional<PolicyPlanner> replacing(List<GlobalNetworkPolicy> previous, List<GlobalNetworkPolicy> policies) {
        if (previous.size() != policies.size()) {
            return Optional.empty();
        }
        IdentityHashMap<GlobalNetworkPolicy, GlobalNetworkPolicy> replaced = new IdentityHashMap<>();
        for (int i = 0; i < policies.size(); i++) {
            GlobalNetworkPolicy o = previous.get(i);
            GlobalNetworkPolicy n = policies.get(i);
            if (o == n) {
                continue;
            }
            if (!o.name().equals(n.name()) || !o.tier().equals(n.tier()) || !o.order().equals(n.order())
                    || o.namespaceSelector().isPresent() != n.namespaceSelector().isPresent()
                    || o.serviceAccountSelector().isPresent() != n.serviceAccountSelector().isPresent()) {
                return Optional.empty();
            }
            replaced.put(o, n);
        }
        if (replaced.size() > Math.max(16, policies.size() / 16)) {
            return Optional.empty(); // many edits: a fresh plan costs about as much
        }
        ImmutableList<GlobalNetworkPolicy> sorted = replaced.isEmpty() ? sortedPolicies : sortedPolicies.stream()
                .map(p -> replaced.getOrDefault(p, p)).collect(ImmutableList.toImmutableList());
        PolicyPlanner next = new PolicyPlanner(tiers, sorted, labels, ImmutableList.copyOf(replaced.keySet()));
        selecting.forEach((hep, list) -> {
            var effective = labels.of(hep.value());
            boolean same = replaced.entrySet().stream().allMatch(e -> eligible(e.getKey(), effective)
                    == eligible(e.getValue(), effective));
            if (same) {
                next.selecting.put(hep, replaced.isEmpty() ? list : list.stream()
                        .map(p -> replaced.getOrDefault(p, p)).collect(ImmutableList.toImmutableList()));
            }
        });
        return Optional.of(next);
    }

    private static boolean eligible(GlobalNetworkPolicy p, Map<String, String> effective) {
        return p.namespaceSelector().isEmpty() && p.serviceAccountSelector().isEmpty() && p.selector().matches(effective);
    }

    static Comparator<Tier> tierOrder() {
        return Comparator.comparing(Tier::order, ORDER).thenComparing(Tier::name);
    }

    /** Every policy (valid tier) that selects {@code hep}, in evaluation order. */
    public ImmutableList<GlobalNetworkPolicy> selecting(HostEndpoint hep) {
        return selecting.computeIfAbsent(new IdentityKey<>(hep), k -> {
            var effective = labels.of(hep);
            // Every selector of the cluster against one endpoint: on every core when there are many (a fresh
            // node's compile, JFR 7 %); an ordered stream keeps evaluation order.
            var policies = sortedPolicies.size() >= 1024 ? sortedPolicies.parallelStream() : sortedPolicies.stream();
            return policies.filter(p -> eligible(p, effective)).collect(ImmutableList.toImmutableList());
        });
    }

    /** The tiers of {@code stage}/{@code direction} for an endpoint whose selecting policies are {@code policies}. */
    public ImmutableList<TierPlan> tiers(List<GlobalNetworkPolicy> policies, Stage stage, Direction direction) {
        Map<String, List<GlobalNetworkPolicy>> byTier = new LinkedHashMap<>(); // policies are already in tier order
        for (GlobalNetworkPolicy p : policies) {
            if (stage.has(p) && p.governs(direction)) {
                byTier.computeIfAbsent(p.tier(), t -> new ArrayList<>()).add(p);
            }
        }
        ImmutableList.Builder<TierPlan> out = ImmutableList.builder();
        byTier.forEach((t, ps) -> out.add(new TierPlan(tiers.get(t), ImmutableList.copyOf(ps))));
        return out.build();
    }

    /** True when some policy of {@code stage} applies to the endpoint, in either direction. */
    public static boolean any(List<GlobalNetworkPolicy> policies, Stage stage) {
        for (GlobalNetworkPolicy p : policies) {
            if (stage.has(p)) {
                return true;
            }
        }
        return false;
    }
}
