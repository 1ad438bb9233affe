package io.hostwall.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A compiler that keeps its caches between compiles (and patches its policy plan after a few edited policies) gives
 * exactly what a fresh compiler gives for the new cluster.
 */
class RecompileTest {
    private static final String CLUSTER = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node1-eth0, labels: {role: web}}
            spec: {node: node1, interfaceName: eth0, expectedIPs: [10.240.0.11]}
            ---
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node1-eth1, labels: {role: db}}
            spec: {node: node1, interfaceName: eth1, expectedIPs: [10.240.1.11]}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: web}
            spec:
              order: 10
              selector: role == 'web'
              ingress: [{action: Allow, protocol: TCP, destination: {ports: [443]}}]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: db}
            spec:
              order: 20
              selector: role == 'db'
              ingress: [{action: Allow, protocol: TCP, source: {selector: role == 'web'}, destination: {ports: [5432]}}]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: everyone}
            spec:
              selector: all()
              egress: [{action: Allow}]
            """;

    private static PolicySet edit(PolicySet set, String name, UnaryOperator<GlobalNetworkPolicy.Builder> change) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : set.all()) {
            out.add(r instanceof GlobalNetworkPolicy p && p.name().equals(name) ? change.apply(p.toBuilder()).build() : r);
        }
        return PolicySet.of(out);
    }

    private static void assertSameAsFresh(Hostwall kept, PolicySet set) throws Exception {
        assertEquals(Hostwall.create().compile(set, "node1").ruleset(), kept.compile(set, "node1").ruleset());
    }

    @Test
    void editedPoliciesGiveWhatAFreshCompilerGives() throws Exception {
        PolicySet base = Hostwall.loadString("c.yaml", CLUSTER);
        Hostwall kept = Hostwall.create();
        kept.compile(base, "node1");
        // Same place and selection (the plan is patched), then a selector that now picks the other endpoint and
        // one that picks none, then a new order (a fresh plan), then back.
        PolicySet rules = edit(base, "web", b -> b.ingress(io.hostwall.model.Rule.allow().build()));
        assertSameAsFresh(kept, rules);
        PolicySet moved = edit(rules, "web", b -> b.selector("role == 'db'"));
        assertSameAsFresh(kept, moved);
        PolicySet none = edit(moved, "db", b -> b.selector("role == 'nobody'"));
        assertSameAsFresh(kept, none);
        PolicySet reordered = edit(none, "everyone", b -> b.order(1));
        assertSameAsFresh(kept, reordered);
        assertSameAsFresh(kept, base);
    }
}
