package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.NodeFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentExampleTest {

    @Test
    void theAgentWritesTheNodesNftScript(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectory(dir.resolve("manifests"));
        for (Path p : List.of(Scenarios.ROOT.resolve("01-pre-dnat-policies.yaml"), Scenarios.ROOT.resolve("02-allow-outbound-external.yaml"),
                Scenarios.ROOT.resolve("04-allow-nodeport.yaml"), Scenarios.ROOT.resolve("variants/expected-ips/host-endpoint.yaml"))) {
            Files.copy(p, manifests.resolve(p.getFileName()));
        }
        Path out = dir.resolve("node1.nft");
        assertEquals(0, AgentExample.run(manifests, "node1", out));
        String script = Files.readString(out);
        assertTrue(script.contains("table inet hostwall {"));
        assertTrue(script.contains("tcp dport 31852"), "the NodePort pinhole is compiled");
    }

    @Test
    void theAgentsFactsBindAnEndpointThatOnlyListsItsAddress(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectory(dir.resolve("manifests"));
        for (Path p : List.of(Scenarios.ROOT.resolve("01-pre-dnat-policies.yaml"),
                Scenarios.ROOT.resolve("04-allow-nodeport.yaml"))) {
            Files.copy(p, manifests.resolve(p.getFileName()));
        }
        Files.writeString(manifests.resolve("hep.yaml"), """
                apiVersion: projectcalico.org/v3
                kind: HostEndpoint
                metadata: {name: node1-by-ip, labels: {host-endpoint: ingress}}
                spec: {node: node1, expectedIPs: [10.240.0.11]}
                """);
        Path out = dir.resolve("node1.nft");
        NodeFacts facts = NodeFacts.builder().addInterface("ens5", "10.240.0.11").build();
        assertEquals(0, AgentExample.run(manifests, "node1", facts, out));
        assertTrue(Files.readString(out).contains("\"ens5\""), "the endpoint polices the interface holding its IP");
    }

    @Test
    void invalidManifestsAreReportedNotThrown(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "apiVersion: projectcalico.org/v3\nkind: Nope\n");
        assertEquals(2, AgentExample.run(dir, "node1", dir.resolve("out.nft")));
        assertTrue(Files.notExists(dir.resolve("out.nft")));
    }
}
