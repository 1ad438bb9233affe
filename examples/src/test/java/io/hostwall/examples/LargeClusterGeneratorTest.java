package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeClusterGeneratorTest {
    @Test
    void sameSeedSameClusterOtherSeedAnother() {
        assertEquals(LargeClusterGenerator.cluster(200, 20, 30, 7), LargeClusterGenerator.cluster(200, 20, 30, 7));
        assertNotEquals(LargeClusterGenerator.cluster(200, 20, 30, 7), LargeClusterGenerator.cluster(200, 20, 30, 8));
    }

    @Test
    void manifestsLoadToTheInMemoryCluster(@TempDir Path dir) throws Exception {
        LargeClusterGenerator.generate(dir, 300, 20, 40, 3);
        PolicySet loaded = Hostwall.load(List.of(dir.resolve("tiers.yaml"), dir.resolve("hosts.yaml"),
                dir.resolve("sets.yaml"), dir.resolve("policies.yaml")));
        assertEquals(LargeClusterGenerator.cluster(300, 20, 40, 3), loaded);
        assertTrue(Files.size(dir.resolve("policies.yaml")) > 10_000);
    }

    @Test
    void hasTheIssuesShape() {
        PolicySet c = LargeClusterGenerator.cluster(1000, 50, 100, 1);
        assertEquals(100, c.hostEndpoints().size());
        assertEquals(1000, c.globalNetworkPolicies().size());
        assertEquals(100, c.globalNetworkSets().size());
        assertEquals(2, c.tiers().size());
        List<Rule> rules = c.globalNetworkPolicies().stream().flatMap(p -> p.ingress().stream()).toList();
        int maxNets = rules.stream().mapToInt(r -> r.source().nets().size()).max().orElseThrow();
        int maxPorts = rules.stream().mapToInt(r -> r.destination().ports().size()).max().orElseThrow();
        assertEquals(8, maxNets);
        assertEquals(18, maxPorts);
        assertTrue(rules.stream().anyMatch(r -> r.destination().ports().stream().anyMatch(p -> p instanceof PortSpec.NamedPort)));
        assertTrue(c.globalNetworkPolicies().stream().map(GlobalNetworkPolicy::tier).distinct().count() == 3);
    }

    @Test
    void everyNodeCompilesAndGetsSomeButNotAllPolicies() throws Exception {
        PolicySet c = LargeClusterGenerator.cluster(500, 10, 50, 1);
        CompiledNode n = Hostwall.create().compile(c, "node-1");
        long policyChains = n.ruleset().chains().stream().filter(ch -> ch.name().startsWith("hw-pi-")).count();
        assertTrue(policyChains > 50 && policyChains < 400, "policy chains: " + policyChains);
    }
}
