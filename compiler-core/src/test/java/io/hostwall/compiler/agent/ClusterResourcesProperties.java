package io.hostwall.compiler.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hostwall.compiler.gen.PolicySetArbitraries;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The agent's kept policy set (only changed kinds collected again, edits swapped in place) is always the set built
 * from all its resources, and the same object while nothing changed.
 */
class ClusterResourcesProperties {
    @Provide
    Arbitrary<PolicySet> sets() {
        return PolicySetArbitraries.policySets();
    }

    @Property(tries = 300)
    void keptSetIsTheSetOfAllResources(@ForAll("sets") PolicySet start, @ForAll("sets") PolicySet other,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 10_000) Integer> changes) {
        ClusterResources kept = new ClusterResources();
        TreeMap<ResourceRef, Resource> truth = new TreeMap<>();
        start.all().forEach(r -> {
            kept.put(r);
            truth.put(r.ref(), r);
        });
        List<Resource> pool = new ArrayList<>(other.all());
        pool.addAll(start.all());
        for (int c : changes) {
            assertEquals(PolicySet.of(truth.values()), kept.policySet());
            Resource r = pool.get(c / 3 % pool.size());
            switch (c % 3) {
                case 0 -> { // an edit of an existing resource, or a new one
                    Resource edited = r instanceof GlobalNetworkPolicy p ? p.toBuilder().order(c).build() : r;
                    kept.put(edited);
                    truth.put(edited.ref(), edited);
                }
                case 1 -> {
                    kept.remove(r.ref());
                    truth.remove(r.ref());
                }
                default -> {
                    kept.put(r);
                    truth.put(r.ref(), r);
                }
            }
        }
        PolicySet now = kept.policySet();
        assertEquals(PolicySet.of(truth.values()), now);
        assertSame(now, kept.policySet());
    }
}
