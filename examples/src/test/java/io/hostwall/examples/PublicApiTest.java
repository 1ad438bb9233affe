package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.model.EntityRule;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import io.hostwall.net.Cidr;
import io.hostwall.spi.RenderedRuleset;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a node agent writes, using the public API only (the facade {@code io.hostwall.compiler}, its {@code eval} and
 * {@code explain} value types, the model, the net value types and the SPI's results): the protect-hosts tutorial
 * loaded from strings, one more policy and one more endpoint built in code, two nodes compiled with their own facts,
 * both backends rendered, packets explained.
 */
class PublicApiTest {
    private static final String OUTSIDE = "198.51.100.9";
    private static final String ADMIN = "203.0.113.7";
    private static final String NODE1 = "10.240.0.11";
    private static final String NODE2 = "10.240.0.12";
    /** node1's endpoint (the tutorial's) names eth0; node2's names no interface: its facts put its address on ens5. */
    private static final NodeFacts NODE1_FACTS = NodeFacts.builder().addInterface("eth0", NODE1).build();
    private static final NodeFacts NODE2_FACTS = NodeFacts.builder()
            .addInterface("ens5", NODE2, "fd00::12")
            .addInterface("ens6", "192.0.2.12")
            .build();

    private static PolicySet cluster;
    private static Map<String, CompiledNode> nodes;

    @BeforeAll
    static void compileTheCluster() throws Exception {
        PolicySet tutorial = Hostwall.loadStrings(tutorialTexts());
        List<Resource> resources = new ArrayList<>(tutorial.all());
        resources.add(adminPolicy());
        resources.add(node2Endpoint());
        cluster = Hostwall.cluster(resources);
        nodes = Hostwall.create().compileAll(cluster, Map.of("node1", NODE1_FACTS, "node2", NODE2_FACTS));
    }

    /** Manifests 1-4 of the tutorial, as an agent receives them: text, e.g. from an API server or a config map. */
    private static Map<String, String> tutorialTexts() throws IOException {
        Map<String, String> texts = new TreeMap<>();
        for (String name : List.of("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml",
                "03-host-endpoint.yaml", "04-allow-nodeport.yaml")) {
            texts.put(name, Files.readString(Path.of("protect-hosts", name)));
        }
        return texts;
    }

    /** Pre-DNAT: the admin network may reach port 8443 on every host endpoint, before drop-other-ingress. */
    private static GlobalNetworkPolicy adminPolicy() {
        return GlobalNetworkPolicy.builder("allow-admin-8443")
                .order(15)
                .preDNAT(true)
                .applyOnForward(true)
                .selector("has(host-endpoint)")
                .ingress(Rule.allow()
                        .protocol(Protocol.TCP)
                        .source(EntityRule.builder().nets(Cidr.parseStrict("203.0.113.0/24").orElseThrow()).build())
                        .destination(EntityRule.builder().ports(PortSpec.port(8443)).build())
                        .build())
                .build();
    }

    /** node2's endpoint: no interfaceName, so it polices whichever interface node2's facts give its address. */
    private static HostEndpoint node2Endpoint() throws IOException {
        return HostEndpoint.builder("node2-main")
                .label("host-endpoint", "ingress")
                .node("node2")
                .expectedIPs(InetAddress.getByName(NODE2))
                .build();
    }

    @Test
    void everyNodeWithAnEndpointIsCompiledWithoutWarnings() {
        assertEquals(List.of("node1", "node2"), List.copyOf(nodes.keySet()));
        nodes.values().forEach(n -> assertEquals(List.of(), n.warnings(), n.node()));
        assertEquals(NODE2_FACTS, nodes.get("node2").facts());
    }

    @Test
    void bothBackendsRenderEachNodeOnTheInterfacesItsFactsGive() {
        for (String backend : List.of("nftables", "iptables")) {
            String node1 = text(nodes.get("node1").render(backend));
            String node2 = text(nodes.get("node2").render(backend));
            assertNotEquals(node1, node2, backend);
            assertTrue(node1.contains("eth0") && !node1.contains("ens5"), backend + ":\n" + node1);
            assertTrue(node2.contains("ens5") && !node2.contains("eth0"), backend + ":\n" + node2);
            // ens6 holds none of node2's addresses: nothing polices it.
            assertFalse(node2.contains("ens6"), backend + ":\n" + node2);
            assertTrue(node2.contains("allow-admin-8443"), "the policy built in code is compiled: " + node2);
        }
    }

    @Test
    void theNodesExplainPacketsWithTheirOwnFacts() {
        CompiledNode node1 = nodes.get("node1");
        CompiledNode node2 = nodes.get("node2");
        // The tutorial's promise: the NodePort is open to everyone, anything else from outside is dropped.
        assertVerdict(Verdict.ALLOW, node2.explain(Packet.tcp(OUTSIDE, 40000, NODE2, 31852).in("ens5").build()));
        assertVerdict(Verdict.DENY, node2.explain(Packet.tcp(OUTSIDE, 40000, NODE2, 8443).in("ens5").build()));
        // The extra policy: the admin network reaches 8443.
        Explanation admin = node2.explain(Packet.tcp(ADMIN, 40000, NODE2, 8443).in("ens5").build());
        assertVerdict(Verdict.ALLOW, admin);
        assertTrue(admin.text().contains("allow-admin-8443"), admin.text());
        // Interfaces a node's facts do not bind stay unpoliced, and node1's facts name no ens5.
        assertVerdict(Verdict.ALLOW, node2.explain(Packet.tcp(OUTSIDE, 40000, "192.0.2.12", 8443).in("ens6")
                .build()));
        assertVerdict(Verdict.ALLOW, node1.explain(Packet.tcp(OUTSIDE, 40000, NODE1, 8443).in("ens5").build()));
        assertVerdict(Verdict.DENY, node1.explain(Packet.tcp(OUTSIDE, 40000, NODE1, 8443).in("eth0").build()));
    }

    @Test
    void withoutItsFactsNode2sEndpointBindsNothing() throws Exception {
        CompiledNode bare = Hostwall.create().compile(cluster, "node2");
        assertEquals(1, bare.warnings().size(), bare.warnings()::toString);
        assertTrue(bare.warnings().get(0).toString().contains("HostEndpoint \"node2-main\""),
                bare.warnings()::toString);
        assertVerdict(Verdict.ALLOW, bare.explain(Packet.tcp(OUTSIDE, 40000, NODE2, 8443).in("ens5").build()));
    }

    private static String text(RenderedRuleset rendered) {
        return String.join("\n", rendered.documents().values());
    }

    private static void assertVerdict(Verdict expected, Explanation e) {
        assertEquals(expected, e.verdict(), e::text);
        assertTrue(e.agree(), e::text);
    }
}
