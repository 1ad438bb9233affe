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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Decides which policies apply to an endpoint in which stage and direction, grouped into tiers and ordered
 * (SEMANTICS §2, FR §4.1): tiers by order (missing last) then name; policies by order (missing = +∞) then name.
 */
public final class PolicyPlanner {
    static final Comparator<OptionalDouble> ORDER = Comparator.comparingDouble(o -> o.orElse(Double.POSITIVE_INFINITY));

    private final Map<String, Tier> tiers = new TreeMap<>();
    private final ImmutableList<GlobalNetworkPolicy> sortedPolicies;
    private final EffectiveLabels labels;

    public PolicyPlanner(PolicySet set, EffectiveLabels labels, ImmutableList.Builder<Problem> errors) {
        this.labels = labels;
        tiers.put(Tier.DEFAULT, Tier.defaultTier());
        for (Tier t : set.tiers()) {
            tiers.put(t.name(), t);
        }
        List<GlobalNetworkPolicy> ordered = new ArrayList<>();
        for (GlobalNetworkPolicy p : set.globalNetworkPolicies()) {
            if (!tiers.containsKey(p.tier())) {
                errors.add(Enforceability.problem(set, p, "spec.tier", "tier \"" + p.tier() + "\" is not defined"));
                continue;
            }
            ordered.add(p);
        }
        Comparator<GlobalNetworkPolicy> byTier = Comparator.comparing(p -> tiers.get(p.tier()), tierOrder());
        ordered.sort(byTier.thenComparing(GlobalNetworkPolicy::order, ORDER).thenComparing(GlobalNetworkPolicy::name));
        this.sortedPolicies = ImmutableList.copyOf(ordered);
    }

    static Comparator<Tier> tierOrder() {
        return Comparator.comparing(Tier::order, ORDER).thenComparing(Tier::name);
    }

    /** Every policy (valid tier) that selects {@code hep}, in evaluation order. */
    public ImmutableList<GlobalNetworkPolicy> selecting(HostEndpoint hep) {
        var effective = labels.of(hep);
        return sortedPolicies.stream()
                .filter(p -> p.namespaceSelector().isEmpty() && p.serviceAccountSelector().isEmpty())
                .filter(p -> p.selector().matches(effective))
                .collect(ImmutableList.toImmutableList());
    }

    /** The tiers of {@code stage}/{@code direction} for an endpoint whose selecting policies are {@code policies}. */
    public ImmutableList<TierPlan> tiers(List<GlobalNetworkPolicy> policies, Stage stage, Direction direction) {
        Map<String, List<GlobalNetworkPolicy>> byTier = new LinkedHashMap<>(); // policies are already in tier order
        for (GlobalNetworkPolicy p : policies) {
            if (Stage.of(p).contains(stage) && p.governs(direction)) {
                byTier.computeIfAbsent(p.tier(), t -> new ArrayList<>()).add(p);
            }
        }
        ImmutableList.Builder<TierPlan> out = ImmutableList.builder();
        byTier.forEach((t, ps) -> out.add(new TierPlan(tiers.get(t), ImmutableList.copyOf(ps))));
        return out.build();
    }

    /** True when some policy of {@code stage} applies to the endpoint, in either direction. */
    public static boolean any(List<GlobalNetworkPolicy> policies, Stage stage) {
        return policies.stream().anyMatch(p -> Stage.of(p).contains(stage));
    }
}
