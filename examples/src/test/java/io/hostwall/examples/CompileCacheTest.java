package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.EntityRule;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import io.hostwall.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A Hostwall that keeps work between compiles (ClusterCache: address book, built sets, policy chains, plan) must
 * give exactly what a fresh one gives, whatever it compiled before.
 */
class CompileCacheTest {
    private static final PolicySet BASE = LargeClusterGenerator.cluster(400, 12, 40, 5);

    private static PolicySet replace(PolicySet set, Resource old, Resource now) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : set.all()) {
            out.add(r.equals(old) ? now : r);
        }
        return PolicySet.of(out);
    }

    private static PolicySet editFirstPolicySelecting(PolicySet set, String node, UnaryOperator<Rule> edit) {
        GlobalNetworkPolicy p = set.globalNetworkPolicies().stream()
                .filter(q -> set.hostEndpoints().stream().anyMatch(h -> h.node().equals(node) && q.selector().matches(h.labels())))
                .findFirst().orElseThrow();
        List<Rule> ingress = new ArrayList<>(p.ingress());
        ingress.set(0, edit.apply(ingress.get(0)));
        return replace(set, p, p.toBuilder().ingress(ingress).build());
    }

    private static void assertSameAsFresh(Hostwall reused, PolicySet set, String node) throws Exception {
        CompiledNode warm = reused.compile(set, node);
        CompiledNode fresh = Hostwall.create().compile(set, node);
        assertEquals(fresh.ruleset(), warm.ruleset());
        assertEquals(fresh.render("nftables").documents(), warm.render("nftables").documents());
    }

    @Test
    void recompilesAfterPolicyAndNetworkSetChangesGiveWhatAFreshCompilerGives() throws Exception {
        // A rule that exists in every family and on every node the policy selects, whatever rule it replaces.
        PolicySet portChanged = editFirstPolicySelecting(BASE, "node-1", r -> Rule.allow().protocol(Protocol.TCP)
                .destination(EntityRule.builder().ports(PortSpec.port(4242)).build()).build());
        GlobalNetworkSet gns = BASE.globalNetworkSets().get(3);
        PolicySet setChanged = replace(portChanged, gns,
                gns.toBuilder().nets(Cidr.parseStrict("192.0.2.0/24").orElseThrow()).build());
        Hostwall h = Hostwall.create();
        for (PolicySet s : List.of(BASE, portChanged, BASE, setChanged, portChanged)) {
            assertSameAsFresh(h, s, "node-1");
            assertSameAsFresh(h, s, "node-2");
        }
        assertFalse(h.compile(BASE, "node-1").ruleset().equals(h.compile(portChanged, "node-1").ruleset()),
                "the edit changes node-1's ruleset");
    }

    @Test
    void compileAllInParallelGivesEachNodeAsCompiledAlone() throws Exception {
        Map<String, CompiledNode> all = Hostwall.create().compileAll(BASE, Map.of());
        assertEquals(Hostwall.nodes(BASE), List.copyOf(all.keySet()));
        for (String node : all.keySet()) {
            assertEquals(Hostwall.create().compile(BASE, node).ruleset(), all.get(node).ruleset());
        }
    }
}
