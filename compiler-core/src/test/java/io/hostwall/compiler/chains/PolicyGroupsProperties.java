package io.hostwall.compiler.chains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The cut of a tier into groups: it keeps every policy in order, and adding one policy changes one inner group (two
 * when the new policy starts a group) and leaves every other group as it was, so a live update rewrites little.
 */
class PolicyGroupsProperties {

    @Provide
    Arbitrary<List<String>> tiers() {
        return Arbitraries.integers().between(0, 100_000).map(i -> "policy-" + i).list().ofMinSize(1).ofMaxSize(600)
                .uniqueElements();
    }

    @Property(tries = 300)
    void theCutKeepsEveryPolicyInOrder(@ForAll("tiers") List<String> tier) {
        List<List<List<String>>> cut = PolicyGroups.cut(tier, n -> n);
        List<String> flat = new ArrayList<>();
        cut.forEach(outer -> outer.forEach(flat::addAll));
        assertEquals(tier, flat);
        for (List<List<String>> outer : cut) {
            assertFalse(outer.isEmpty());
            outer.forEach(inner -> assertFalse(inner.isEmpty()));
        }
    }

    @Property(tries = 300)
    void addingOnePolicyChangesOneGroup(@ForAll("tiers") List<String> tier, @ForAll @IntRange(max = 600) int at) {
        String added = "added-" + tier.size() + "-" + at;
        List<String> after = new ArrayList<>(tier);
        after.add(Math.min(at, tier.size()), added);
        Set<List<String>> innerBefore = inner(PolicyGroups.cut(tier, n -> n));
        Set<List<String>> innerAfter = inner(PolicyGroups.cut(after, n -> n));
        Set<List<String>> gone = new HashSet<>(innerBefore);
        gone.removeAll(innerAfter);
        Set<List<String>> come = new HashSet<>(innerAfter);
        come.removeAll(innerBefore);
        assertTrue(gone.size() <= 1, "groups gone: " + gone);
        assertTrue(come.size() <= 2, "groups new: " + come);
        assertTrue(come.stream().anyMatch(group -> group.contains(added)));
        // Outer groups are lists of inner groups: only the one holding the change differs (or splits in two).
        Set<List<List<String>>> outerBefore = new HashSet<>(PolicyGroups.cut(tier, n -> n));
        Set<List<List<String>>> outerAfter = new HashSet<>(PolicyGroups.cut(after, n -> n));
        outerAfter.removeAll(outerBefore);
        assertTrue(outerAfter.size() <= 2, "outer groups new: " + outerAfter.size());
    }

    @Property(tries = 50)
    void groupsAverageAboutEightPoliciesAndOuterGroupsAboutSixtyFour(
            @ForAll @IntRange(min = 3_000, max = 5_000) int size) {
        List<String> tier = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            tier.add("p-" + size + "-" + i);
        }
        List<List<List<String>>> cut = PolicyGroups.cut(tier, n -> n);
        double perInner = (double) size / cut.stream().mapToInt(List::size).sum();
        double perOuter = (double) size / cut.size();
        assertTrue(perInner >= 6 && perInner <= 10.5, "policies per inner group: " + perInner);
        assertTrue(perOuter >= 40 && perOuter <= 95, "policies per outer group: " + perOuter);
    }

    private static Set<List<String>> inner(List<List<List<String>>> cut) {
        Set<List<String>> out = new HashSet<>();
        cut.forEach(out::addAll);
        return out;
    }
}
