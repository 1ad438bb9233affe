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
     * The previous planner's policies that {@link #replacing} dropped (deleted or replaced) to make this one; empty
     * for a planner built from scratch. Lets the caches drop exactly those rather than re-checking every policy they
     * hold.
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
     * input, with a few policies added, deleted or replaced by edited versions (matched by name: both lists are
     * sorted by name, as a {@code PolicySet}'s are). The kept policies keep their order, so there is no sort: a
     * deleted or replaced policy leaves its place, and an added or replacement one goes to the place its tier, order
     * and name give it (found by binary search). An endpoint's selecting policies are patched the same way — a
     * policy that left is dropped if it selected the endpoint, one that came is inserted if its selector matches —
     * rather than computed from every selector again. Returns empty when a new policy names an undefined tier (a
     * fresh construction reports it) or shares its place with another (duplicate names), and when there are so many
     * changes that a fresh construction costs about as much. The result is the planner a fresh construction would
     * give; the caller checks that tiers and labels are unchanged and that this planner had no errors.
     *
     * @param previous the policies this planner was built from, in the cluster's order (by name)
     * @param policies the new policies, in the cluster's order (by name)
     * @return the planner for {@code policies}, or empty when a full construction is needed
     */
    public Optional<PolicyPlanner> replacing(List<GlobalNetworkPolicy> previous, List<GlobalNetworkPolicy> policies) {
        int limit = Math.max(16, policies.size() / 16);
        List<GlobalNetworkPolicy> gone = new ArrayList<>();
        List<GlobalNetworkPolicy> came = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < previous.size() || j < policies.size()) {
            GlobalNetworkPolicy o = i < previous.size() ? previous.get(i) : null;
            GlobalNetworkPolicy n = j < policies.size() ? policies.get(j) : null;
            if (o == n) { // the common case, compared without reading the names
                i++;
                j++;
                continue;
            }
            int c = o == null ? 1 : n == null ? -1 : o.name().compareTo(n.name());
            if (c <= 0) {
                gone.add(o);
                i++;
            }
            if (c >= 0) {
                came.add(n);
                j++;
            }
            if (gone.size() + came.size() > 2 * limit) {
                return Optional.empty(); // many changes: a fresh plan costs about as much
            }
        }
        Map<String, Integer> rank = tierRanks(tiers);
        List<Ranked> incoming = new ArrayList<>(came.size());
        for (GlobalNetworkPolicy n : came) {
            Integer r = rank.get(n.tier());
            if (r == null) {
                return Optional.empty();
            }
            incoming.add(ranked(r, n));
        }
        java.util.Set<GlobalNetworkPolicy> leaving = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        leaving.addAll(gone);
        Optional<List<GlobalNetworkPolicy>> sorted = patched(sortedPolicies, leaving, incoming, rank);
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        PolicyPlanner next = new PolicyPlanner(tiers, ImmutableList.copyOf(sorted.get()), labels,
                ImmutableList.copyOf(gone));
        selecting.forEach((hep, list) -> {
            var effective = labels.of(hep.value());
            boolean touched = gone.stream().anyMatch(p -> eligible(p, effective))
                    || came.stream().anyMatch(p -> eligible(p, effective));
            if (!touched) {
                next.selecting.put(hep, list);
                return;
            }
            List<Ranked> in = incoming.stream().filter(r -> eligible(r.policy(), effective)).toList();
            patched(list, leaving, in, rank).ifPresent(l -> next.selecting.put(hep, ImmutableList.copyOf(l)));
        });
        return Optional.of(next);
    }

    private static boolean isAnyOf(GlobalNetworkPolicy p, GlobalNetworkPolicy[] few) {
        for (GlobalNetworkPolicy f : few) {
            if (f == p) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code list} (in evaluation order) without {@code leaving} and with {@code incoming} in their places, or empty
     * when an incoming policy ties with one already there (only duplicate names can).
     */
    private static Optional<List<GlobalNetworkPolicy>> patched(List<GlobalNetworkPolicy> list,
            java.util.Set<GlobalNetworkPolicy> leaving, List<Ranked> incoming, Map<String, Integer> rank) {
        List<GlobalNetworkPolicy> out = new ArrayList<>(list.size() + incoming.size());
        // A few leaving policies (an agent's usual change) are compared by reference: an identity hash of each of
        // thousands of kept policies reads every policy object, which a pointer comparison does not.
        GlobalNetworkPolicy[] few = leaving.size() <= 8 ? leaving.toArray(new GlobalNetworkPolicy[0]) : null;
        for (GlobalNetworkPolicy p : list) {
            if (few != null ? !isAnyOf(p, few) : !leaving.contains(p)) {
                out.add(p);
            }
        }
        for (Ranked r : incoming) {
            int lo = 0;
            int hi = out.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                GlobalNetworkPolicy m = out.get(mid);
                int c = RANKED.compare(ranked(rank.get(m.tier()), m), r);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return Optional.empty();
                }
            }
            out.add(lo, r.policy());
        }
        return Optional.of(out);
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
