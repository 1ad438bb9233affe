package io.hostwall.model;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.net.Cidr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The protect-hosts tutorial manifests in {@code examples/protect-hosts} load, and load as the tutorial means. */
class TutorialExamplesTest {
    private static final Path DIR = RepositoryFiles.examples("protect-hosts");
    private static final Path PRE_DNAT = DIR.resolve("01-pre-dnat-policies.yaml");
    private static final Path OUTBOUND = DIR.resolve("02-allow-outbound-external.yaml");
    private static final Path HEP = DIR.resolve("03-host-endpoint.yaml");
    private static final Path NODEPORT = DIR.resolve("04-allow-nodeport.yaml");

    @Test
    void theTopLevelFolderHoldsExactlyTheTutorial() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            assertEquals(List.of("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml",
                    "03-host-endpoint.yaml", "04-allow-nodeport.yaml"), files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList());
        }
    }

    @Test
    void theTutorialLoadsAsWritten() throws Exception {
        PolicySet set = ManifestLoader.load(PRE_DNAT, OUTBOUND, HEP, NODEPORT);
        assertEquals(List.of("allow-cluster-internal-ingress", "allow-nodeport", "allow-outbound-external",
                "drop-other-ingress"), set.globalNetworkPolicies().stream().map(GlobalNetworkPolicy::name).toList());
        GlobalNetworkPolicy internal = policy(set, "allow-cluster-internal-ingress");
        assertTrue(internal.preDNAT() && internal.applyOnForward() && !internal.doNotTrack());
        assertEquals(10.0, internal.order().getAsDouble());
        assertEquals("has(host-endpoint)", internal.selector().toString());
        assertEquals(ImmutableSet.of(Direction.INGRESS), internal.types());
        assertEquals(List.of("10.240.0.0/16", "192.168.0.0/16"),
                internal.ingress().get(0).source().nets().stream().map(Cidr::toString).toList());
        GlobalNetworkPolicy drop = policy(set, "drop-other-ingress");
        assertEquals(20.0, drop.order().getAsDouble());
        assertEquals(List.of(Rule.of(Action.DENY)), drop.ingress());
        GlobalNetworkPolicy outbound = policy(set, "allow-outbound-external");
        assertEquals(ImmutableSet.of(Direction.EGRESS), outbound.types());
        assertFalse(outbound.preDNAT() || outbound.applyOnForward());
        GlobalNetworkPolicy nodeport = policy(set, "allow-nodeport");
        Rule pinhole = nodeport.ingress().get(0);
        assertEquals(java.util.Optional.of(Protocol.TCP), pinhole.protocol());
        assertEquals(List.of(PortSpec.port(31852)), pinhole.destination().ports());
        assertEquals("has(host-endpoint)", pinhole.destination().selector().orElseThrow().toString());
        HostEndpoint hep = set.hostEndpoints().get(0);
        assertEquals("node1-eth0", hep.name());
        assertEquals("node1", hep.node());
        assertEquals(java.util.Optional.of("eth0"), hep.interfaceName());
        assertEquals("ingress", hep.labels().get("host-endpoint"));
        assertTrue(hep.expectedIPs().isEmpty(), "the tutorial's endpoint has no expectedIPs");
        assertEquals(new SourceLocation(PRE_DNAT.toString(), 15),
                set.locationOf(policy(set, "drop-other-ingress").ref()).orElseThrow());
    }

    @Test
    void theExpectedIpsVariantReplacesTheEndpoint() throws Exception {
        PolicySet set = ManifestLoader.load(PRE_DNAT, OUTBOUND, NODEPORT, DIR.resolve("variants/expected-ips"));
        HostEndpoint hep = set.hostEndpoints().get(0);
        assertEquals("node1-eth0", hep.name());
        assertEquals(List.of(InetAddress.getByName("10.240.0.11")), hep.expectedIPs());
        assertTrue(Cidr.parseStrict("10.240.0.0/16").orElseThrow().contains(hep.expectedIPs().get(0)));
    }

    @Test
    void theSpecialValueVariantLabelsOneNodeAndSelectsItTwice() throws Exception {
        PolicySet set = ManifestLoader.load(PRE_DNAT, OUTBOUND, DIR.resolve("variants/special-value"));
        assertEquals(List.of("node1-eth0", "node2-eth0"), set.hostEndpoints().stream().map(HostEndpoint::name).toList());
        assertEquals("nodeport-open", set.hostEndpoints().get(0).labels().get("host-endpoint"));
        assertEquals("ingress", set.hostEndpoints().get(1).labels().get("host-endpoint"));
        set.hostEndpoints().forEach(h -> assertFalse(h.expectedIPs().isEmpty(), h.name()));
        GlobalNetworkPolicy nodeport = policy(set, "allow-nodeport");
        assertEquals("host-endpoint == \"nodeport-open\"", nodeport.selector().toString());
        assertEquals(nodeport.selector(), nodeport.ingress().get(0).destination().selector().orElseThrow());
    }

    @Test
    void loadingTheWholeFolderMixesTheVariantsIn() {
        // Why the README says to pass the top-level files: a directory is searched recursively.
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(DIR));
        assertTrue(e.problems().stream().allMatch(p -> p.message().startsWith("duplicate ")), e.getMessage());
    }

    private static GlobalNetworkPolicy policy(PolicySet set, String name) {
        return set.globalNetworkPolicies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
