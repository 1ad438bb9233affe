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
 * A compiler that keeps its caches between compiles — the policy plan patched after edits, policy chains kept by
 * identity, and the last node's chains patched in place when only policies' rules changed (their endpoint chains
 * then stay the same objects) — gives exactly what a fresh compiler gives, after every step of a random sequence of
 * changes: rules swapped between policies (sets come and go), rules dropped, selectors moved, a policy's stages or
 * directions changed, policies deleted, and the same cluster again.
 */
class RecompileProperties {
    private static final int KINDS = 7;

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

    private static void recompileEachStep(CompileOptions options, PolicySet start, List<Integer> changes) {
        Hostwall kept = Hostwall.create(options);
        PolicySet set = start;
        assertEquals(outcome(Hostwall.create(options), set), outcome(kept, set));
        for (int c : changes) {
            set = change(set, c % KINDS, c / KINDS);
            Statistics.label("change").collect(c % KINDS);
            assertEquals(outcome(Hostwall.create(options), set), outcome(kept, set), "after change " + c % KINDS);
        }
    }

    /** The ruleset, or the problems that stopped the compile. */
    private static Object outcome(Hostwall hostwall, PolicySet set) {
        try {
            return hostwall.compile(set, "node1").ruleset();
        } catch (CompileException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    private static PolicySet change(PolicySet set, int kind, int pick) {
        List<GlobalNetworkPolicy> policies = set.globalNetworkPolicies();
        if (policies.isEmpty()) {
            return set;
        }
        GlobalNetworkPolicy target = policies.get(pick % policies.size());
        GlobalNetworkPolicy other = policies.get((pick / 7) % policies.size());
        GlobalNetworkPolicy.Builder b = target.toBuilder();
        GlobalNetworkPolicy changed;
        try {
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
            default -> target; // the same cluster again, as a new set
        };
    }

    private static List<Rule> dropFirst(List<Rule> rules) {
        return rules.isEmpty() ? rules : rules.subList(1, rules.size());
    }
}
