package io.hostwall.model;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.manifest.ManifestText;
import io.hostwall.net.Cidr;

import io.hostwall.net.IpFamily;

import static io.hostwall.model.Manifests.gnp;
import static io.hostwall.model.Manifests.load;
import static io.hostwall.model.Manifests.resource;
import static io.hostwall.model.Manifests.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loading API: sources, formats, lists, provenance, and how problems from many places are reported. */
class ManifestLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void problemsPrintAsFileLineResourceFieldMessage() throws IOException {
        Path file = write("policies.yaml", String.join("\n",
                "# NodePort pinhole",
                "apiVersion: projectcalico.org/v3",
                "kind: GlobalNetworkPolicy",
                "metadata:",
                "  name: allow-nodeport",
                "spec:",
                "  preDNAT: true",
                "  applyOnForward: true",
                "  ingress:",
                "    - action: Allow",
                "      protocol: TCP",
                "      destination:",
                "        ports:",
                "          - 80",
                "          - \"90:80\"",
                ""));
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(file));
        assertEquals(List.of(file + ":15: GlobalNetworkPolicy \"allow-nodeport\": spec.ingress[0].destination.ports[1]:"
                + " port range \"90:80\" has start > end"), e.problems().stream().map(Problem::toString).toList());
        Problem p = e.problems().get(0);
        assertEquals(Optional.of(new SourceLocation(file.toString(), 15)), p.location());
        assertEquals(Optional.of(new ResourceRef(ResourceKind.GLOBAL_NETWORK_POLICY, "allow-nodeport")), p.resource());
        assertEquals("spec.ingress[0].destination.ports[1]", p.field());
    }

    @Test
    void everyProblemOfEverySourceIsReportedInSourceThenLineOrder() throws IOException {
        Path a = write("a.yaml", rule("action: allow", "protocol: tcp"));
        Path b = write("b.yaml", "kind: [\n");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(a, b));
        List<String> printed = e.problems().stream().map(Problem::toString).toList();
        assertEquals(3, printed.size(), printed.toString());
        assertTrue(printed.get(0).startsWith(a + ":7: GlobalNetworkPolicy \"p\": spec.ingress[0].action:"), printed.get(0));
        assertTrue(printed.get(1).startsWith(a + ":8: GlobalNetworkPolicy \"p\": spec.ingress[0].protocol:"), printed.get(1));
        assertTrue(printed.get(2).startsWith(b + ":2: YAML syntax error"), printed.get(2));
    }

    @Test
    void directoriesAreReadRecursivelyInNameOrderAndOnlyManifestFiles() throws Exception {
        write("b/2.yaml", resource("Tier", "two"));
        write("b/1.yml", resource("Tier", "one"));
        write("a.json", "{\"apiVersion\": \"projectcalico.org/v3\", \"kind\": \"Tier\", \"metadata\": {\"name\": \"zero\"}}");
        write("notes.txt", "not a manifest");
        write("c/README.md", "# not a manifest");
        PolicySet set = ManifestLoader.load(dir);
        assertEquals(List.of("one", "two", "zero"), set.tiers().stream().map(Tier::name).toList());
        assertEquals(dir.resolve("a.json") + ":1", set.locationOf(ref(ResourceKind.TIER, "zero")).orElseThrow().toString());
        assertEquals(dir.resolve("b/1.yml") + ":1", set.locationOf(ref(ResourceKind.TIER, "one")).orElseThrow().toString());
    }

    @Test
    void aFileNamedTwiceIsReadOnce() throws Exception {
        Path f = write("x/tier.yaml", resource("Tier", "one"));
        assertEquals(1, ManifestLoader.load(dir, f).tiers().size());
    }

    @Test
    void aMissingPathIsAProblem() {
        Path missing = dir.resolve("nope.yaml");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(missing));
        assertEquals(List.of(missing + ": no such file or directory"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void invalidUtf8IsAProblem() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.write(f, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(f));
        assertEquals(List.of(f + ": not valid UTF-8"), e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void aNameIsUniquePerKindAcrossFilesButNotAcrossKinds() throws Exception {
        Path a = write("a.yaml", resource("Tier", "same"));
        Path b = write("b.yaml", "---\n" + resource("Tier", "same") + "---\n" + resource("GlobalNetworkSet", "same"));
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(a, b));
        assertEquals(List.of(b + ":5: Tier \"same\": metadata.name: duplicate Tier \"same\": already defined at " + a + ":1"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void multiDocumentYamlSkipsEmptyDocuments() {
        PolicySet set = load("---\n# nothing here\n---\n" + resource("Tier", "a") + "---\n---\n" + resource("Tier", "b")
                + "...\n");
        assertEquals(List.of("a", "b"), set.tiers().stream().map(Tier::name).toList());
        assertEquals(new SourceLocation(Manifests.SOURCE, 4), set.locationOf(ref(ResourceKind.TIER, "a")).orElseThrow());
        assertEquals(new SourceLocation(Manifests.SOURCE, 11), set.locationOf(ref(ResourceKind.TIER, "b")).orElseThrow());
    }

    @Test
    void aFileWithOnlyCommentsHoldsNothing() {
        assertEquals(PolicySet.empty(), load("# just a comment\n"));
        assertEquals(PolicySet.empty(), load(""));
    }

    @Test
    void genericAndTypedLists() {
        PolicySet set = load(String.join("\n",
                "apiVersion: v1",
                "kind: List",
                "items:",
                "  - apiVersion: projectcalico.org/v3",
                "    kind: Tier",
                "    metadata: {name: from-list}",
                "---",
                "apiVersion: projectcalico.org/v3",
                "kind: GlobalNetworkSetList",
                "metadata: {resourceVersion: \"12\"}",
                "items:",
                "  - metadata: {name: typed-a}",
                "    spec: {nets: [10.0.0.0/8]}",
                "  - apiVersion: projectcalico.org/v3",
                "    kind: GlobalNetworkSet",
                "    metadata: {name: typed-b}",
                ""));
        assertEquals(List.of("from-list"), set.tiers().stream().map(Tier::name).toList());
        assertEquals(List.of("typed-a", "typed-b"), set.globalNetworkSets().stream().map(GlobalNetworkSet::name).toList());
        assertEquals(new SourceLocation(Manifests.SOURCE, 12),
                set.locationOf(ref(ResourceKind.GLOBAL_NETWORK_SET, "typed-a")).orElseThrow());
    }

    @Test
    void aGenericListsItemsNeedApiVersionAndKind() {
        List<String> problems = Manifests.problems("apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: x}\n");
        assertEquals(List.of("t.yaml:4: items[0].apiVersion: apiVersion is required: projectcalico.org/v3",
                "t.yaml:4: items[0].kind: kind is required: one of GlobalNetworkPolicy, HostEndpoint, GlobalNetworkSet,"
                        + " Profile, Tier, FelixConfiguration"), problems);
    }

    @Test
    void jsonTextAndStreams() throws Exception {
        String json = "{\n  \"apiVersion\": \"projectcalico.org/v3\",\n  \"kind\": \"Tier\",\n"
                + "  \"metadata\": {\"name\": \"t\"},\n  \"spec\": {\"order\": \"x\"}\n}\n";
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.loadText("in.json", json));
        assertEquals(List.of("in.json:5: Tier \"t\": spec.order: expected a number, got a string"),
                e.problems().stream().map(Problem::toString).toList());
        PolicySet set = ManifestLoader.loadStream("stdin",
                new ByteArrayInputStream(resource("Tier", "s").getBytes(StandardCharsets.UTF_8)));
        assertEquals(new SourceLocation("stdin", 1), set.locationOf(ref(ResourceKind.TIER, "s")).orElseThrow());
        PolicySet two = ManifestLoader.loadTexts(List.of(new ManifestText("one.yaml", resource("Tier", "a")),
                new ManifestText("two.json", "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"Tier\","
                        + "\"metadata\":{\"name\":\"b\"}}")));
        assertEquals(List.of("a", "b"), two.tiers().stream().map(Tier::name).toList());
    }

    @Test
    void yamlScalarsKeepTheirTextWhereStringsAreExpected() {
        PolicySet set = load("apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h\n"
                + "  labels:\n    a: on\n    b: yes\n    c: 80\n    d: 1.10\n    e: true\n    f:\n"
                + "spec:\n  node: n\n  interfaceName: e\n");
        assertEquals(List.of("on", "yes", "80", "1.10", "true", ""),
                List.copyOf(set.hostEndpoints().get(0).labels().values()));
        assertEquals(List.of("no", "on", "true"), load(resource("Tier", "on") + "---\n" + resource("Tier", "no")
                + "---\n" + resource("Tier", "true")).tiers().stream().map(Tier::name).toList());
    }

    @Test
    void portsAndProtocolsDecodeAsCalicoDoes() {
        GlobalNetworkPolicy p = load(rule("action: Allow", "protocol: \"17\"", "destination:",
                "  ports: [80, \"1234:5678\", \"8080\", dns, 22:45]")).globalNetworkPolicies().get(0);
        Rule r = p.ingress().get(0);
        assertEquals(Optional.of(Protocol.UDP), r.protocol());
        assertEquals(List.of(PortSpec.port(80), PortSpec.range(1234, 5678),
                PortSpec.port(8080), new PortSpec.NamedPort("dns"), PortSpec.range(22, 45)),
                r.destination().ports());
        assertEquals(Optional.of(new Protocol(255)),
                load(rule("action: Allow", "protocol: 255")).globalNetworkPolicies().get(0).ingress().get(0).protocol());
    }

    @Test
    void orderIsAnIntOrAFloat() {
        assertEquals(10.0, load(gnp("order: 10")).globalNetworkPolicies().get(0).order().getAsDouble());
        assertEquals(10.5, load(gnp("order: 10.5")).globalNetworkPolicies().get(0).order().getAsDouble());
        assertEquals(1000.0, load(gnp("order: 1e3")).globalNetworkPolicies().get(0).order().getAsDouble());
        assertTrue(load(gnp("selector: all()")).globalNetworkPolicies().get(0).order().isEmpty());
        assertEquals(load(gnp("order: 0")), load(gnp("order: -0.0")));
    }

    @Test
    void policyDefaults() {
        GlobalNetworkPolicy none = load(gnp()).globalNetworkPolicies().get(0);
        assertEquals(ImmutableSet.of(Direction.INGRESS), none.types());
        assertEquals(Tier.DEFAULT, none.tier());
        assertEquals("all()", none.selector().toString());
        assertEquals("all()", load(gnp("selector: \"\"")).globalNetworkPolicies().get(0).selector().toString());
        assertEquals(ImmutableSet.of(Direction.EGRESS),
                load(gnp("egress: [{action: Allow}]")).globalNetworkPolicies().get(0).types());
        assertEquals(ImmutableSet.of(Direction.INGRESS), load(gnp("ingress: [{action: Allow}]", "egress: []"))
                .globalNetworkPolicies().get(0).types());
        assertEquals(List.of(Direction.INGRESS, Direction.EGRESS),
                load(gnp("ingress: [{action: Allow}]", "egress: [{action: Deny}]")).globalNetworkPolicies().get(0)
                        .types().asList());
        // Explicit types win, in Ingress-then-Egress order; [] counts as omitted.
        assertEquals(List.of(Direction.INGRESS, Direction.EGRESS),
                load(gnp("types: [Egress, Ingress]")).globalNetworkPolicies().get(0).types().asList());
        assertEquals(ImmutableSet.of(Direction.EGRESS), load(gnp("types: []", "egress: [{action: Allow}]"))
                .globalNetworkPolicies().get(0).types());
        assertEquals(ImmutableSet.of(Direction.EGRESS),
                load(gnp("types: [Egress]", "ingress: [{action: Allow}]")).globalNetworkPolicies().get(0).types());
    }

    @Test
    void tierDefaults() {
        Tier t = load(resource("Tier", "platform")).tiers().get(0);
        assertEquals(TierAction.DENY, t.defaultAction());
        assertTrue(t.order().isEmpty());
        assertEquals(TierAction.PASS, load(resource("Tier", "kube-admin", "order: 1000", "defaultAction: Pass"))
                .tiers().get(0).defaultAction());
        assertEquals(Tier.defaultTier(), load(resource("Tier", "default", "order: 1000000.0")).tiers().get(0));
    }

    @Test
    void networkSetNetsAreCanonicalised() {
        GlobalNetworkSet s = load(resource("GlobalNetworkSet", "s",
                "nets: [10.0.0.1, 192.0.2.1/24, \"dead:beef::1/64\"]")).globalNetworkSets().get(0);
        assertEquals(List.of("10.0.0.1/32", "192.0.2.0/24", "dead:beef::/64"),
                s.nets().stream().map(Cidr::toString).toList());
    }

    @Test
    void felixFailsafes() {
        FelixConfiguration omitted = load(resource("FelixConfiguration", "default", "logSeverityScreen: Info",
                "bpfEnabled: false", "someFutureField: {nested: [1, 2]}")).felixConfigurations().get(0);
        assertEquals(Optional.empty(), omitted.failsafeInboundHostPorts());
        assertEquals(Optional.empty(), omitted.failsafeOutboundHostPorts());
        FelixConfiguration set = load(resource("FelixConfiguration", "default", "failsafeInboundHostPorts: []",
                "failsafeOutboundHostPorts:", "  - {protocol: UDP, port: 0}",
                "  - {protocol: TCP, port: 22, net: 192.168.1.10/24}", "  - {protocol: SCTP, port: 9, net: \"\"}"))
                .felixConfigurations().get(0);
        assertEquals(Optional.of(ImmutableList.of()), set.failsafeInboundHostPorts());
        assertEquals(Optional.of(ImmutableList.of(new FailsafePort(Protocol.UDP, 0, Optional.empty()),
                new FailsafePort(Protocol.TCP, 22, Cidr.parseStrict("192.168.1.0/24")),
                new FailsafePort(Protocol.SCTP, 9, Optional.empty()))), set.failsafeOutboundHostPorts());
    }

    @Test
    void whatHostEndpointsCannotEnforceIsStillAccepted() {
        GlobalNetworkPolicy p = load(gnp("serviceAccountSelector: role == 'x'", "namespaceSelector: all()",
                "ingress:", "  - action: Allow", "    http: {methods: [GET], paths: [{prefix: /api}]}",
                "    source:", "      serviceAccounts: {names: [sa1]}", "      namespaceSelector: team == 'a'",
                "egress:", "  - action: Allow", "    destination:", "      services: {name: s, namespace: d}"))
                .globalNetworkPolicies().get(0);
        Rule in = p.ingress().get(0);
        assertEquals(Optional.of(new HttpMatch(ImmutableList.of("GET"),
                ImmutableList.of(new HttpMatch.HttpPath(false, "/api")))), in.http());
        assertEquals(ImmutableList.of("sa1"), in.source().serviceAccounts().orElseThrow().names());
        assertEquals("team == \"a\"", in.source().namespaceSelector().orElseThrow().toString());
        assertEquals(Optional.of(new ServiceMatch("s", "d")), p.egress().get(0).destination().services());
        assertTrue(p.namespaceSelector().isPresent() && p.serviceAccountSelector().isPresent());
    }

    @Test
    void ruleFieldsReachTheModel() {
        Rule r = load(rule("action: Log", "ipVersion: 6", "protocol: ICMPv6", "icmp: {type: 128, code: 0}",
                "notICMP: {type: 1}", "metadata: {annotations: {from: frontend}}", "source:",
                "  nets: [\"fd00::/8\"]", "  notNets: [\"fd00:1::/32\"]", "  notSelector: has(x)",
                "destination:", "  selector: role == 'db'")).globalNetworkPolicies().get(0).ingress().get(0);
        assertEquals(Action.LOG, r.action());
        assertEquals(Optional.of(IpFamily.V6), r.ipVersion());
        assertEquals(Optional.of(new IcmpMatch(java.util.OptionalInt.of(128), java.util.OptionalInt.of(0))), r.icmp());
        assertEquals(Optional.of(new IcmpMatch(java.util.OptionalInt.of(1), java.util.OptionalInt.empty())), r.notIcmp());
        assertEquals("frontend", r.annotations().get("from"));
        assertEquals(List.of("fd00::/8"), r.source().nets().stream().map(Cidr::toString).toList());
        assertEquals(List.of("fd00:1::/32"), r.source().notNets().stream().map(Cidr::toString).toList());
        assertEquals("has(x)", r.source().notSelector().orElseThrow().toString());
        assertEquals("role == \"db\"", r.destination().selector().orElseThrow().toString());
    }

    @Test
    void hostEndpointFields() {
        HostEndpoint h = load(Manifests.hep("node: node1", "interfaceName: \"*\"", "expectedIPs: [10.0.0.1, \"fd00::1\"]",
                "profiles: [projectcalico-default-allow]", "ports:", "  - {name: dns, protocol: 17, port: 53}"))
                .hostEndpoints().get(0);
        assertTrue(h.isAllInterfaces());
        assertEquals(List.of("10.0.0.1", "fd00:0:0:0:0:0:0:1"),
                h.expectedIPs().stream().map(java.net.InetAddress::getHostAddress).toList());
        assertEquals(List.of(new EndpointPort("dns", Protocol.UDP, 53)), h.ports());
        assertEquals(List.of(Profile.DEFAULT_ALLOW), h.profiles());
    }

    private static ResourceRef ref(ResourceKind kind, String name) {
        return new ResourceRef(kind, name);
    }
}
