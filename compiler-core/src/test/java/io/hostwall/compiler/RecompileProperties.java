package io.hostwall.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.compiler.gen.PolicySetArbitraries;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * A compiler that keeps its caches between compiles — the policy plan patched after edits, additions and deletions,
 * policy chains kept by identity, and the last node's chains patched in place (the endpoint chains of bindings whose
 * selected policies did not change then stay the same objects) — gives exactly what a fresh compiler gives, after
 * every step of a random sequence of changes: rules swapped between policies (sets come and go), rules dropped,
 * selectors moved, a policy's stages or directions changed, policies deleted, and the same cluster again; policies
 * added (copies of others under names that start, or do not start, a policy group), several added and one deleted
 * at once, a policy moved to another order or tier, and a policy's stage toggled (untracked and pre-DNAT chains and
 * the raw failsafe chains come and go). The additions and deletions must take the fast paths (plan and node
 * patched) in a good share of the steps: checked by coverage.
 */
class RecompileProperties {
    private static final int KINDS = 12;
    /** Kinds that add or delete policies (5, 7, 8, 10) or move one in the order (9, 11: a deletion plus an addition). */
    private static final java.util.Set<Integer> STRUCTURAL = java.util.Set.of(5, 7, 8, 9, 10, 11);
    /** Names for added policies: some start no policy group, some an inner one, some an outer one. */
    private static final List<String> ADDED_NAMES = PolicySetArbitraries.groupStartingNames(3);

    @Provide
    Arbitrary<PolicySet> sets() {
        return PolicySetArbitraries.policySets();
    }

    @Property(tries = 400)
    void recompilingAfterEachChangeGivesWhatAFreshCompilerGives(@ForAll("sets") PolicySet start,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 10_000) Integer> changes) {
        recompileEachStep(CompileOptions.defaults(), start, changes);
    }

    /** The same with tiers laid out as groups of policy jumps from two policies on (group chains kept too). */
    @Property(tries = 200)
    void recompilingWithPolicyGroupsGivesWhatAFreshCompilerGives(@ForAll("sets") PolicySet start,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 10_000) Integer> changes) {
        recompileEachStep(CompileOptions.builder().policyGroupThreshold(2).build(), start, changes);
    }

    /** The same with many more policies: tiers above the default group threshold, added and deleted in. */
    @Property(tries = 100)
    void recompilingLargeTiersGivesWhatAFreshCompilerGives(@ForAll("sets") PolicySet start,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 10_000) Integer> changes) {
        PolicySet set = start;
        for (int i = 0; i < 40; i++) {
            set = change(set, 7, i * 131 + 17);
        }
        recompileEachStep(CompileOptions.builder().policyGroupThreshold(4).build(), set, changes);
    }

    private static void recompileEachStep(CompileOptions options, PolicySet start, List<Integer> changes) {
        HostwallCompiler kept = HostwallCompiler.create(options);
        PolicySet set = start;
        assertEquals(outcome(HostwallCompiler.create(options), set), outcome(kept, set));
        for (int c : changes) {
            PolicySet next = change(set, c % KINDS, c / KINDS);
            Statistics.label("change").collect(c % KINDS);
            assertEquals(outcome(HostwallCompiler.create(options), next), outcome(kept, next),
                    "after change " + c % KINDS);
            if (STRUCTURAL.contains(c % KINDS) && !next.globalNetworkPolicies().equals(set.globalNetworkPolicies())) {
                Statistics.label("added or deleted").collect(kept.lastRoute());
            }
            set = next;
        }
        Statistics.label("added or deleted").coverage(coverage -> {
            coverage.check("plan patched, node patched").percentage(p -> p > 30);
            coverage.check("plan built, node patched").count(n -> n == 0);
        });
    }

    /** The ruleset, or the problems that stopped the compile. */
    private static Object outcome(HostwallCompiler compiler, PolicySet set) {
        try {
            return compiler.compile(set, "node1").ruleset();
        } catch (CompileException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    private static PolicySet change(PolicySet set, int kind, int pick) {
        List<GlobalNetworkPolicy> policies = set.globalNetworkPolicies();
        if (policies.isEmpty()) {
            return kind == 7 || kind == 10 ? added(set, List.of(seed(set, pick)), null) : set;
        }
        GlobalNetworkPolicy target = policies.get(pick % policies.size());
        GlobalNetworkPolicy other = policies.get((pick / 7) % policies.size());
        GlobalNetworkPolicy.Builder b = target.toBuilder();
        GlobalNetworkPolicy changed;
        try {
            switch (kind) {
                case 7 -> {
                    return added(set, List.of(copy(set, other, pick)), null);
                }
                case 10 -> {
                    return added(set, List.of(copy(set, other, pick), copy(set, target, pick / 3 + 1),
                            copy(set, other, pick / 5 + 2)), target);
                }
                default -> { }
            }
            changed = edited(kind, target, other, b);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return set; // a combination the model refuses (e.g. egress rules on a preDNAT policy)
        }
        List<Resource> out = new ArrayList<>();
        for (Resource r : set.all()) {
            if (r != target) {
                out.add(r);
            } else if (changed != null) {
                out.add(changed);
            }
        }
        return PolicySet.of(out);
    }

    private static GlobalNetworkPolicy edited(int kind, GlobalNetworkPolicy target, GlobalNetworkPolicy other,
            GlobalNetworkPolicy.Builder b) {
        return switch (kind) {
            case 0 -> b.ingress(other.ingress()).build();
            case 1 -> b.egress(other.egress()).build();
            case 2 -> b.ingress(dropFirst(target.ingress())).egress(dropFirst(target.egress())).build();
            case 3 -> b.selector(other.selector()).build();
            case 4 -> b.types(other.types().toArray(io.hostwall.model.Direction[]::new)).build();
            case 5 -> null; // deleted
            case 8 -> (target.order().isPresent() ? b.noOrder() : b.order(3.0)).build(); // moves in its tier
            case 9 -> (other.order().isPresent() ? b.order(other.order().getAsDouble()) : b.noOrder())
                    .tier(other.tier()).build(); // moves to another's tier
            case 11 -> b.doNotTrack(!target.doNotTrack()).preDNAT(false).applyOnForward(true).build(); // stage
            default -> target; // the same cluster again, as a new set
        };
    }

    /** {@code set} with {@code more} added and {@code gone} (if not null) deleted. */
    private static PolicySet added(PolicySet set, List<GlobalNetworkPolicy> more, GlobalNetworkPolicy gone) {
        List<Resource> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Resource r : set.all()) {
            if (r != gone) {
                out.add(r);
                names.add(r.name());
            }
        }
        for (GlobalNetworkPolicy p : more) {
            if (names.add(p.name())) {
                out.add(p);
            }
        }
        return PolicySet.of(out);
    }

    /** A copy of {@code p} under a name the set does not have, chosen by {@code pick}; another order sometimes. */
    private static GlobalNetworkPolicy copy(PolicySet set, GlobalNetworkPolicy p, int pick) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        set.globalNetworkPolicies().forEach(q -> taken.add(q.name()));
        String name = "";
        for (int i = 0; i < ADDED_NAMES.size() * 4; i++) {
            String n = i < ADDED_NAMES.size() ? ADDED_NAMES.get((pick + i) % ADDED_NAMES.size()) : "x" + (pick + i);
            if (!taken.contains(n)) {
                name = n;
                break;
            }
        }
        GlobalNetworkPolicy.Builder b = p.toBuilder().name(name);
        return switch (pick % 3) {
            case 0 -> b.build();
            case 1 -> b.order(pick % 7).build();
            default -> b.noOrder().build();
        };
    }

    /** A policy selecting everything, for a set without policies. */
    private static GlobalNetworkPolicy seed(PolicySet set, int pick) {
        return GlobalNetworkPolicy.builder(ADDED_NAMES.get(pick % ADDED_NAMES.size())).selector("all()")
                .ingress(List.of(Rule.allow().build())).build();
    }

    private static List<Rule> dropFirst(List<Rule> rules) {
        return rules.isEmpty() ? rules : rules.subList(1, rules.size());
    }
}
