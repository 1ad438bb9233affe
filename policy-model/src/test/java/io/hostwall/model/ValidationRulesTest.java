package io.hostwall.model;

import static io.hostwall.model.Manifests.gnp;
import static io.hostwall.model.Manifests.hep;
import static io.hostwall.model.Manifests.resource;
import static io.hostwall.model.Manifests.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad manifest per validation rule, with the exact problems it must produce (file, line, resource, field,
 * message). The rows follow the rule lists of felix-rendering.md §13, calico-hep-docs.md §3 and the notes of
 * validation.json, plus the loader's own rules (syntax, envelope, unknown fields, types).
 */
class ValidationRulesTest {
    private static final String P = "t.yaml:%d: GlobalNetworkPolicy \"p\": ";
    private static final String H = "t.yaml:%d: HostEndpoint \"h\": ";

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void reportsExactly(String rule, String yaml, List<String> expected) {
        assertEquals(expected, Manifests.problems(yaml), rule);
    }

    private static Arguments row(String rule, String yaml, String... expected) {
        return Arguments.of(rule, yaml, List.of(expected));
    }

    private static String p(int line, String rest) {
        return String.format(P, line) + rest;
    }

    private static String h(int line, String rest) {
        return String.format(H, line) + rest;
    }

    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        rows.addAll(envelope());
        rows.addAll(names());
        rows.addAll(policySpec());
        rows.addAll(ruleFields());
        rows.addAll(ports());
        rows.addAll(nets());
        rows.addAll(httpAndServices());
        rows.addAll(hostEndpoints());
        rows.addAll(otherKinds());
        return rows.stream();
    }

    private static List<Arguments> envelope() {
        return List.of(
                row("YAML syntax error", gnp("selector: [a", "order: 1"),
                        "t.yaml:7: YAML syntax error: while parsing a flow sequence: expected ',' or ']', but got :"),
                row("a document must be a mapping", "- apiVersion: projectcalico.org/v3\n",
                        "t.yaml:1: expected a mapping (a resource with apiVersion, kind, metadata and spec), got a list"),
                row("apiVersion is required", "kind: Tier\nmetadata:\n  name: x\n",
                        "t.yaml:1: Tier \"x\": apiVersion: apiVersion is required: projectcalico.org/v3"),
                row("apiVersion must be projectcalico.org/v3",
                        "apiVersion: crd.projectcalico.org/v1\nkind: Tier\nmetadata:\n  name: x\n",
                        "t.yaml:1: Tier \"x\": apiVersion: unsupported apiVersion \"crd.projectcalico.org/v1\";"
                                + " expected projectcalico.org/v3"),
                row("kind is required", "apiVersion: projectcalico.org/v3\nmetadata:\n  name: x\n",
                        "t.yaml:1: kind: kind is required: one of GlobalNetworkPolicy, HostEndpoint, GlobalNetworkSet,"
                                + " Profile, Tier, FelixConfiguration"),
                row("unknown kind", "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: x\n",
                        "t.yaml:2: kind: unknown kind \"NetworkPolicy\"; hostwall reads GlobalNetworkPolicy,"
                                + " HostEndpoint, GlobalNetworkSet, Profile, Tier, FelixConfiguration and lists of them"),
                row("kinds are case-sensitive", "apiVersion: projectcalico.org/v3\nkind: hostendpoint\n",
                        "t.yaml:2: kind: unknown kind \"hostendpoint\" (did you mean HostEndpoint?); hostwall reads"
                                + " GlobalNetworkPolicy, HostEndpoint, GlobalNetworkSet, Profile, Tier, FelixConfiguration"
                                + " and lists of them"),
                row("unknown top-level field", resource("Tier", "x", "order: 1") + "status: {}\n",
                        "t.yaml:7: Tier \"x\": status: unknown field \"status\""),
                row("unknown field inside a rule, with a suggestion", rule("action: Allow", "destinaton: {}"),
                        p(8, "spec.ingress[0].destinaton: unknown field \"destinaton\" (did you mean \"destination\"?)")),
                row("duplicate key", gnp("order: 1", "order: 2"),
                        // What the reader finds names the resource, like every other problem.
                        p(7, "spec.order: duplicate key \"order\" (first at line 6)")),
                row("YAML aliases are refused", gnp("selector: &s all()", "namespaceSelector: *s"),
                        p(7, "spec.namespaceSelector: YAML aliases are not supported (*s); write the value out")),
                row("wrong type", gnp("order: \"10\""), p(6, "spec.order: expected a number, got a string")),
                row("YAML 1.1 boolean words are not booleans", gnp("preDNAT: yes"),
                        p(6, "spec.preDNAT: expected true or false, got \"yes\" (YAML 1.1 words like yes/no/on/off are"
                                + " not booleans here)")),
                row("integers are plain decimal", rule("action: Allow", "ipVersion: 0x4"),
                        p(8, "spec.ingress[0].ipVersion: write integers in plain decimal (no leading zeros, 0x, 0o or"
                                + " _), got 0x4")),
                row("a number must be finite", gnp("order: .inf"),
                        p(6, "spec.order: expected a finite decimal number, got .inf")),
                row("a typed list holds its kind only", "apiVersion: projectcalico.org/v3\nkind: TierList\nitems:\n"
                                + "  - kind: HostEndpoint\n    metadata:\n      name: x\n",
                        "t.yaml:4: HostEndpoint \"x\": kind: a TierList can only hold Tier, got HostEndpoint"),
                row("lists do not nest", "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: projectcalico.org/v3\n"
                                + "    kind: List\n",
                        "t.yaml:5: items[0].kind: a list cannot contain another list"),
                row("a List's apiVersion", "apiVersion: apps/v1\nkind: List\nitems: []\n",
                        "t.yaml:1: apiVersion: unsupported apiVersion \"apps/v1\"; expected projectcalico.org/v3"
                                + " (or v1 for a kind: List)"),
                row("metadata.name is required", "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n"
                                + "  labels: {}\n",
                        "t.yaml:3: metadata.name: name is required"),
                row("resources are cluster-scoped", "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n"
                                + "  name: x\n  namespace: default\n",
                        "t.yaml:5: Tier \"x\": metadata.namespace: Tier is cluster-scoped; remove metadata.namespace"));
    }

    private static List<Arguments> names() {
        String long254 = "x".repeat(254);
        return List.of(
                row("names are DNS-1123 subdomains", resource("HostEndpoint", "Node1-eth0", "node: n", "interfaceName: e"),
                        "t.yaml:4: HostEndpoint \"Node1-eth0\": metadata.name: \"Node1-eth0\" is not a valid name:"
                                + " lower-case letters, digits, '-' and '.', starting and ending with a letter or digit,"
                                + " at most 253 characters (DNS-1123 subdomain)"),
                row("a name with control characters names nothing and prints escaped",
                        "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: \"a\\nb\"\n",
                        "t.yaml:4: metadata.name: \"a\\u000ab\" is not a valid name: lower-case letters, digits, '-'"
                                + " and '.', starting and ending with a letter or digit, at most 253 characters"
                                + " (DNS-1123 subdomain)"),
                row("names are at most 253 characters", resource("GlobalNetworkSet", long254),
                        // Names are cut in messages like values: a hostile name cannot make a problem line long.
                        "t.yaml:4: GlobalNetworkSet \"" + long254.substring(0, 64) + "\u2026\" (254 characters):"
                                + " metadata.name: name is 254 characters long; the maximum is 253"),
                row("a policy name has at most one dot", resource("GlobalNetworkPolicy", "a.b.c"),
                        "t.yaml:4: GlobalNetworkPolicy \"a.b.c\": metadata.name: \"a.b.c\" is not a valid"
                                + " GlobalNetworkPolicy name: a DNS label, optionally followed by one dot and another label"),
                row("a tier name is one DNS label", resource("Tier", "fo.o"),
                        "t.yaml:4: Tier \"fo.o\": metadata.name: \"fo.o\" is not a valid Tier name: a single DNS label"
                                + " (lower-case letters, digits and '-'; no dots)"),
                row("a tier name is at most 63 characters", resource("Tier", "x".repeat(64)),
                        "t.yaml:4: Tier \"" + "x".repeat(64) + "\": metadata.name: Tier name is 64 characters long;"
                                + " the maximum is 63"),
                row("label keys are qualified names", "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n"
                                + "  name: x\n  labels:\n    a/b/c: v\n",
                        "t.yaml:6: Tier \"x\": metadata.labels[a/b/c]: invalid label key \"a/b/c\": a key may contain at"
                                + " most one '/'"),
                row("label values", "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n"
                                + "  name: x\n  labels:\n    role: web server\n",
                        "t.yaml:6: Tier \"x\": metadata.labels[role]: invalid label value \"web server\": at most 63"
                                + " characters of letters, digits, '-', '_' and '.', starting and ending with a letter or"
                                + " digit"),
                row("annotation keys are qualified names (lower-cased)", "apiVersion: projectcalico.org/v3\nkind: Tier\n"
                                + "metadata:\n  name: x\n  annotations:\n    a$b: v\n",
                        "t.yaml:6: Tier \"x\": metadata.annotations[a$b]: invalid annotation key \"a$b\": the name part"
                                + " must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or"
                                + " digit"),
                row("a GlobalNetworkSet cannot carry the namespace label", "apiVersion: projectcalico.org/v3\n"
                                + "kind: GlobalNetworkSet\nmetadata:\n  name: s\n  labels:\n"
                                + "    projectcalico.org/namespace: x\n",
                        "t.yaml:6: GlobalNetworkSet \"s\": metadata.labels[projectcalico.org/namespace]: label"
                                + " projectcalico.org/namespace is reserved"),
                row("a name is used once per kind", gnp() + "---\n" + gnp(),
                        p(10, "metadata.name: duplicate GlobalNetworkPolicy \"p\": already defined at t.yaml:1")));
    }

    private static List<Arguments> policySpec() {
        String longSelector = "a == '" + "x".repeat(1020) + "'";
        String manyRules = gnp(Stream.concat(Stream.of("ingress:"),
                IntStream.range(0, 1025).mapToObj(i -> "  - action: Allow")).toArray(String[]::new));
        return List.of(
                row("selectors parse", gnp("selector: role == 'db' &&"),
                        p(6, "spec.selector: invalid selector: unexpected end of selector at offset 15: expected a"
                                + " label, has(label), all(), global(), '!' or '(' after '&&'")),
                row("selectors are at most 1024 characters", gnp("selector: \"" + longSelector + "\""),
                        p(6, "spec.selector: selector is 1027 characters long; the maximum is 1024")),
                row("global() is refused in spec.selector, even in a literal", gnp("selector: role == 'global()'"),
                        p(6, "spec.selector: global() can only be used in a rule's namespaceSelector")),
                row("global() is refused in spec.namespaceSelector", gnp("namespaceSelector: global()"),
                        p(6, "spec.namespaceSelector: global() can only be used in a rule's namespaceSelector")),
                row("global() is refused in spec.serviceAccountSelector", gnp("serviceAccountSelector: global()"),
                        p(6, "spec.serviceAccountSelector: global() can only be used in a rule's namespaceSelector")),
                row("types are Ingress or Egress (case-sensitive)", gnp("types: [ingress]"),
                        p(6, "spec.types[0]: unknown policy type \"ingress\"; expected Ingress or Egress"
                                + " (case-sensitive)")),
                row("types do not repeat", gnp("types: [Egress, Egress]"),
                        p(6, "spec.types[1]: policy type Egress is listed twice")),
                row("at most two types", gnp("types: [Ingress, Egress, Ingress]"),
                        p(6, "spec.types: at most 2 types (Ingress, Egress); got 3"),
                        p(6, "spec.types[2]: policy type Ingress is listed twice")),
                row("at most 1024 rules", manyRules, p(6, "spec.ingress: at most 1024 rules; got 1025")),
                row("preDNAT and doNotTrack exclude each other",
                        gnp("preDNAT: true", "doNotTrack: true", "applyOnForward: true"),
                        p(6, "spec.preDNAT: preDNAT and doNotTrack cannot both be true")),
                row("preDNAT needs applyOnForward", gnp("preDNAT: true"),
                        p(5, "spec.applyOnForward: applyOnForward must be true when preDNAT is true")),
                row("doNotTrack needs applyOnForward", gnp("doNotTrack: true", "applyOnForward: false"),
                        p(7, "spec.applyOnForward: applyOnForward must be true when doNotTrack is true")),
                row("preDNAT has no egress rules", gnp("preDNAT: true", "applyOnForward: true", "egress:",
                                "  - action: Allow"),
                        p(8, "spec.egress: a preDNAT policy cannot have egress rules")),
                row("preDNAT has no Egress type", gnp("preDNAT: true", "applyOnForward: true", "types: [Ingress, Egress]"),
                        p(8, "spec.types: a preDNAT policy cannot have the Egress type")),
                row("performanceHints values", gnp("performanceHints: [junk]"),
                        p(6, "spec.performanceHints[0]: unknown performance hint \"junk\"; the only one is"
                                + " AssumeNeededOnEveryNode")),
                row("performanceHints do not repeat",
                        gnp("performanceHints: [AssumeNeededOnEveryNode, AssumeNeededOnEveryNode]"),
                        p(6, "spec.performanceHints[1]: performance hint AssumeNeededOnEveryNode is listed twice")),
                row("tier is a lower-case name", gnp("tier: Platform"),
                        p(6, "spec.tier: \"Platform\" is not a valid tier name: lower-case letters, digits, '-' and"
                                + " '.', starting and ending with a letter or digit, at most 253 characters (DNS-1123"
                                + " subdomain)")));
    }

    private static List<Arguments> ruleFields() {
        return List.of(
                row("action is required", rule("protocol: TCP"),
                        p(7, "spec.ingress[0].action: action is required: Allow, Deny, Log or Pass")),
                row("actions are case-sensitive", rule("action: allow"),
                        p(7, "spec.ingress[0].action: unknown action \"allow\"; expected Allow, Deny, Log or Pass"
                                + " (case-sensitive)")),
                row("ipVersion is 4 or 6", rule("action: Allow", "ipVersion: 5"),
                        p(8, "spec.ingress[0].ipVersion: ipVersion must be 4 or 6, got 5")),
                row("protocol names are case-sensitive", rule("action: Allow", "protocol: tcp"),
                        p(8, "spec.ingress[0].protocol: unknown protocol \"tcp\"; expected TCP, UDP, ICMP, ICMPv6,"
                                + " SCTP, UDPLite or a number 1..255 (names are case-sensitive: did you mean \"TCP\"?)")),
                row("protocol numbers are 1..255", rule("action: Allow", "protocol: 256"),
                        p(8, "spec.ingress[0].protocol: protocol number must be 1..255, got 256")),
                row("a numeric protocol string is a number", rule("action: Allow", "protocol: \"0\""),
                        p(8, "spec.ingress[0].protocol: protocol number must be 1..255, got 0")),
                row("notProtocol follows the protocol rules", rule("action: Deny", "notProtocol: IGMP"),
                        p(8, "spec.ingress[0].notProtocol: unknown protocol \"IGMP\"; expected TCP, UDP, ICMP, ICMPv6,"
                                + " SCTP, UDPLite or a number 1..255 (case-sensitive)")),
                row("ICMP type is 0..254", rule("action: Allow", "protocol: ICMP", "icmp: {type: 255}"),
                        p(9, "spec.ingress[0].icmp.type: ICMP type must be 0..254, got 255")),
                row("ICMP code is 0..255", rule("action: Allow", "protocol: ICMP", "icmp: {type: 3, code: 256}"),
                        p(9, "spec.ingress[0].icmp.code: ICMP code must be 0..255, got 256")),
                row("an ICMP code needs a type", rule("action: Allow", "protocol: ICMP", "icmp: {code: 1}"),
                        p(9, "spec.ingress[0].icmp.code: an ICMP code needs an ICMP type")),
                row("a notICMP code needs a type", rule("action: Deny", "notICMP: {code: 0}"),
                        p(8, "spec.ingress[0].notICMP.code: an ICMP code needs an ICMP type")),
                row("icmp needs an ICMP protocol", rule("action: Allow", "protocol: UDP", "icmp: {type: 8}"),
                        p(9, "spec.ingress[0].icmp: icmp needs protocol ICMP, ICMPv6, 1 or 58, got UDP")),
                row("icmp needs a protocol at all", rule("action: Allow", "icmp: {type: 8}"),
                        p(8, "spec.ingress[0].icmp: icmp needs protocol ICMP, ICMPv6, 1 or 58; protocol is not set")),
                row("protocol ICMP needs ipVersion 4", rule("action: Allow", "protocol: ICMP", "ipVersion: 6"),
                        p(9, "spec.ingress[0].ipVersion: protocol ICMP needs ipVersion 4, got 6")),
                row("notProtocol ICMPv6 needs ipVersion 6", rule("action: Deny", "notProtocol: 58", "ipVersion: 4"),
                        p(9, "spec.ingress[0].ipVersion: notProtocol ICMPv6 needs ipVersion 6, got 4")),
                row("rule annotation keys", rule("action: Allow", "metadata:", "  annotations:", "    '...': bar"),
                        p(10, "spec.ingress[0].metadata.annotations[...]: invalid annotation key \"...\": the name part"
                                + " must consist of letters, digits, '-', '_' and '.', starting and ending with a letter"
                                + " or digit")),
                row("a rule selector cannot use global()", rule("action: Allow", "source:", "  selector: global()"),
                        p(9, "spec.ingress[0].source.selector: global() can only be used in a rule's namespaceSelector")),
                row("global() is the whole namespaceSelector", rule("action: Allow", "source:",
                                "  namespaceSelector: global() && all()"),
                        p(9, "spec.ingress[0].source.namespaceSelector: global() must be the whole namespaceSelector")),
                row("notSelector parses", rule("action: Deny", "destination:", "  notSelector: has(a) ||"),
                        p(9, "spec.ingress[0].destination.notSelector: invalid selector: unexpected end of selector at"
                                + " offset 9: expected a label, has(label), all(), global(), '!' or '(' after '||'")));
    }

    private static List<Arguments> ports() {
        String fiftyOne = IntStream.rangeClosed(1, 51).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return List.of(
                row("numeric ports need a protocol", rule("action: Allow", "destination:", "  ports: [22]"),
                        p(9, "spec.ingress[0].destination.ports: numeric ports need protocol TCP, UDP or SCTP; without"
                                + " a protocol only named ports are allowed")),
                row("a protocol without ports refuses even named ports", rule("action: Allow", "protocol: ICMP",
                                "destination:", "  notPorts: [http]"),
                        p(10, "spec.ingress[0].destination.notPorts: protocol ICMP has no ports; ports and notPorts (even"
                                + " named ones) need protocol TCP, UDP or SCTP")),
                row("UDPLite has no ports", rule("action: Allow", "protocol: UDPLite", "destination:", "  ports: [5000]"),
                        p(10, "spec.ingress[0].destination.ports: protocol UDPLite has no ports; ports and notPorts"
                                + " (even named ones) need protocol TCP, UDP or SCTP")),
                row("port 0 is not a port", rule("action: Allow", "protocol: TCP", "destination:", "  ports: [0]"),
                        p(10, "spec.ingress[0].destination.ports[0]: port 0 is out of range 1..65535")),
                row("ports are 16 bits", rule("action: Allow", "protocol: UDP", "destination:", "  ports: [65536]"),
                        p(10, "spec.ingress[0].destination.ports[0]: port 65536 is out of range 1..65535")),
                row("a range has start <= end", rule("action: Allow", "protocol: TCP", "destination:",
                                "  ports: [80, \"90:80\"]"),
                        p(10, "spec.ingress[0].destination.ports[1]: port range \"90:80\" has start > end")),
                row("a range ends by 65535", rule("action: Allow", "protocol: TCP", "destination:",
                                "  ports: [\"1000:65536\"]"),
                        p(10, "spec.ingress[0].destination.ports[0]: port range \"1000:65536\": 65536 is out of range"
                                + " 1..65535")),
                row("a range starts at 1", rule("action: Allow", "protocol: TCP", "source:", "  notPorts: [\"0:456\"]"),
                        p(10, "spec.ingress[0].source.notPorts[0]: port range \"0:456\": 0 is not a port (ports are"
                                + " 1..65535)")),
                row("named ports are IANA service names", rule("action: Allow", "protocol: TCP", "destination:",
                                "  ports: [HTTP]"),
                        p(10, "spec.ingress[0].destination.ports[0]: invalid port \"HTTP\": expected a number, a range"
                                + " \"min:max\" or a port name (at most 15 lower-case letters, digits and '-', with at"
                                + " least one letter, no '--' and no '-' at either end)")),
                row("named ports are at most 15 characters", rule("action: Allow", "protocol: TCP", "destination:",
                                "  ports: [my-very-long-port-name]"),
                        p(10, "spec.ingress[0].destination.ports[0]: named port \"my-very-long-port-name\" is longer"
                                + " than 15 characters")),
                row("a port is a whole number", rule("action: Allow", "protocol: TCP", "destination:",
                                "  ports: [80.5]"),
                        p(10, "spec.ingress[0].destination.ports[0]: a port is a whole number, got 80.5")),
                row("a port is a number or a string", rule("action: Allow", "protocol: TCP", "destination:",
                                "  ports: [true]"),
                        p(10, "spec.ingress[0].destination.ports[0]: expected a port number, a range \"min:max\" or a"
                                + " port name, got a boolean")),
                row("at most 50 ports", rule("action: Allow", "protocol: TCP", "destination:",
                                "  ports: [" + fiftyOne + "]"),
                        p(10, "spec.ingress[0].destination.ports: at most 50 ports; got 51")));
    }

    private static List<Arguments> nets() {
        String manyNets = IntStream.range(0, 257).mapToObj(i -> "10.0." + (i / 256) + "." + (i % 256) + "/32")
                .collect(Collectors.joining(", "));
        return List.of(
                row("rule nets need a prefix length", rule("action: Allow", "source:", "  nets: [192.0.2.1]"),
                        p(9, "spec.ingress[0].source.nets[0]: \"192.0.2.1\" is not a CIDR: rule nets need a prefix"
                                + " length, e.g. 192.0.2.1/32")),
                row("rule nets have no host bits", rule("action: Allow", "destination:", "  nets: [192.0.2.1/24]"),
                        p(9, "spec.ingress[0].destination.nets[0]: \"192.0.2.1/24\" has host bits set; did you mean"
                                + " 192.0.2.0/24?")),
                row("rule nets parse", rule("action: Allow", "destination:", "  notNets: [10.0.0.300/8]"),
                        p(9, "spec.ingress[0].destination.notNets[0]: \"10.0.0.300/8\" is not a CIDR")),
                row("notNets is never the catch-all", rule("action: Allow", "source:", "  notNets: [\"0:0:0::/0\"]"),
                        p(9, "spec.ingress[0].source.notNets[0]: notNets ::/0 matches every address, so the rule could"
                                + " never match")),
                row("a rule's nets are of one family", rule("action: Allow", "source:", "  nets: [1.2.3.0/26]",
                                "destination:", "  nets: [\"aabb::/122\"]"),
                        p(11, "spec.ingress[0].destination.nets: a rule cannot mix IPv4 and IPv6 nets: aabb::/122 is"
                                + " IPv6, an earlier net is IPv4")),
                row("nets match ipVersion", rule("action: Allow", "ipVersion: 6", "source:", "  nets: [1.2.3.4/32]"),
                        p(10, "spec.ingress[0].source.nets: ipVersion 6 does not match the IPv4 net 1.2.3.4/32")),
                row("at most 256 nets", rule("action: Allow", "source:", "  nets: [" + manyNets + "]"),
                        p(9, "spec.ingress[0].source.nets: at most 256 nets; got 257")));
    }

    private static List<Arguments> httpAndServices() {
        return List.of(
                row("http only on Allow", rule("action: Deny", "http: {methods: [GET]}"),
                        p(7, "spec.ingress[0].action: an http match is only allowed on Allow rules, not Deny")),
                row("http only with TCP", rule("action: Allow", "protocol: UDP", "http: {methods: [GET]}"),
                        p(8, "spec.ingress[0].protocol: an http match needs protocol TCP or no protocol, got UDP")),
                row("http not in egress rules", gnp("egress:", "  - action: Allow", "    http: {methods: [GET]}"),
                        p(8, "spec.egress[0].http: an http match is not allowed in egress rules")),
                row("HTTP methods do not repeat", rule("action: Allow", "http: {methods: [GET, GET]}"),
                        p(8, "spec.ingress[0].http.methods[1]: HTTP method \"GET\" is listed twice")),
                row("an HTTP path is exact or prefix, not both", rule("action: Allow",
                                "http: {paths: [{exact: /a, prefix: /b}]}"),
                        p(8, "spec.ingress[0].http.paths[0]: set exactly one of exact and prefix, not both")),
                row("an HTTP path sets exact or prefix", rule("action: Allow", "http: {paths: [{}]}"),
                        p(8, "spec.ingress[0].http.paths[0]: set exact or prefix")),
                row("HTTP path characters", rule("action: Allow", "http:", "  paths:", "    - exact: /fo?o"),
                        p(10, "spec.ingress[0].http.paths[0].exact: HTTP path \"/fo?o\" must start with '/' and contain"
                                + " no '?', '#' or whitespace")),
                row("no services in an egress rule's source", gnp("egress:", "  - action: Allow", "    source:",
                                "      services: {name: s, namespace: default}"),
                        p(9, "spec.egress[0].source.services: services are not allowed in the source of an egress rule")),
                row("no services in an ingress rule's destination", rule("action: Allow", "destination:",
                                "  services: {name: s, namespace: default}"),
                        p(9, "spec.ingress[0].destination.services: services are not allowed in the destination of an"
                                + " ingress rule")),
                row("services name a service", rule("action: Allow", "source:", "  services: {namespace: default}"),
                        p(9, "spec.ingress[0].source.services.name: services needs the name of a service")),
                row("services name a namespace", rule("action: Allow", "source:", "  services: {name: s}"),
                        p(9, "spec.ingress[0].source.services.namespace: services needs a namespace: this policy is not"
                                + " namespaced")),
                row("services stand alone on their side", rule("action: Allow", "source:",
                                "  selector: role == 'db'", "  services: {name: s, namespace: default}"),
                        p(10, "spec.ingress[0].source: services cannot be combined with selector")),
                row("destination services exclude destination ports", gnp("egress:", "  - action: Allow",
                                "    protocol: TCP", "    destination:", "      services: {name: s, namespace: d}",
                                "      ports: [80]"),
                        p(10, "spec.egress[0].destination: destination services cannot be combined with ports or"
                                + " notPorts")));
    }

    private static List<Arguments> hostEndpoints() {
        return List.of(
                row("node is required", hep("interfaceName: eth0"), h(5, "spec.node: node is required")),
                row("node is a DNS subdomain", hep("node: Node1", "interfaceName: eth0"),
                        h(6, "spec.node: \"Node1\" is not a valid node name: lower-case letters, digits, '-' and '.',"
                                + " starting and ending with a letter or digit, at most 253 characters (DNS-1123"
                                + " subdomain)")),
                row("interface names", hep("node: n", "interfaceName: eth*"),
                        h(7, "spec.interfaceName: \"eth*\" is not a valid interface name: use \"*\" or 1-15 characters of"
                                + " letters, digits, '_', '.' and '-', other than \".\" and \"..\"")),
                // Linux refuses "." and ".." (dev_valid_name); the iptables backend used to fail on them at render time.
                row("interface name \".\"", hep("node: n", "interfaceName: \".\""),
                        h(7, "spec.interfaceName: \".\" is not a valid interface name: use \"*\" or 1-15 characters of"
                                + " letters, digits, '_', '.' and '-', other than \".\" and \"..\"")),
                row("interface name \"..\"", hep("node: n", "interfaceName: .."),
                        h(7, "spec.interfaceName: \"..\" is not a valid interface name: use \"*\" or 1-15 characters of"
                                + " letters, digits, '_', '.' and '-', other than \".\" and \"..\"")),
                row("expectedIPs are plain addresses", hep("node: n", "expectedIPs: [192.0.2.10/32]"),
                        h(7, "spec.expectedIPs[0]: \"192.0.2.10/32\" is not an IP address (expectedIPs take plain"
                                + " addresses, not CIDRs)")),
                row("expectedIPs do not repeat", hep("node: n", "expectedIPs: [10.0.0.1, 10.0.0.1]"),
                        h(7, "spec.expectedIPs[1]: 10.0.0.1 is listed twice")),
                row("interfaceName or expectedIPs", hep("node: n", "interfaceName: \"\"", "expectedIPs: []"),
                        h(5, "spec: a HostEndpoint needs interfaceName or expectedIPs")),
                row("endpoint port names", hep("node: n", "interfaceName: e", "ports:",
                                "  - {name: Web, protocol: TCP, port: 80}"),
                        h(9, "spec.ports[0].name: \"Web\" is not a valid port name: at most 15 lower-case letters,"
                                + " digits and '-', with at least one letter, no '--' and no '-' at either end")),
                row("endpoint ports need a protocol", hep("node: n", "interfaceName: e", "ports:",
                                "  - {name: web, port: 80}"),
                        h(9, "spec.ports[0].protocol: protocol is required: TCP, UDP or SCTP")),
                row("endpoint ports need a protocol with ports", hep("node: n", "interfaceName: e", "ports:",
                                "  - {name: lite, protocol: UDPLite, port: 5000}"),
                        h(9, "spec.ports[0].protocol: protocol UDPLite has no ports; use TCP, UDP or SCTP")),
                row("endpoint ports need a port", hep("node: n", "interfaceName: e", "ports:",
                                "  - {name: web, protocol: TCP}"),
                        h(9, "spec.ports[0].port: port is required")),
                row("endpoint ports are 1..65535", hep("node: n", "interfaceName: e", "ports:",
                                "  - {name: web, protocol: TCP, port: 0}"),
                        h(9, "spec.ports[0].port: port must be 1..65535, got 0")),
                row("profile names", hep("node: n", "interfaceName: e", "profiles: [.fun]"),
                        h(8, "spec.profiles[0]: \".fun\" is not a valid profile name: lower-case letters, digits, '-'"
                                + " and '.', starting and ending with a letter or digit, at most 253 characters (DNS-1123"
                                + " subdomain)")));
    }

    private static List<Arguments> otherKinds() {
        String gns = "t.yaml:%d: GlobalNetworkSet \"s\": ";
        String profile = "t.yaml:%d: Profile \"r\": ";
        String felix = "t.yaml:%d: FelixConfiguration \"default\": ";
        return List.of(
                row("network set nets are IPs or CIDRs", resource("GlobalNetworkSet", "s", "nets: [garbage]"),
                        String.format(gns, 6) + "spec.nets[0]: \"garbage\" is not an IP address or CIDR"),
                row("labelsToApply keys", resource("Profile", "r", "labelsToApply:", "  .mylabel: v"),
                        String.format(profile, 7) + "spec.labelsToApply[.mylabel]: invalid labelsToApply key"
                                + " \".mylabel\": the name part must consist of letters, digits, '-', '_' and '.',"
                                + " starting and ending with a letter or digit"),
                row("labelsToApply values", resource("Profile", "r", "labelsToApply:", "  k: " + "x".repeat(64)),
                        String.format(profile, 7) + "spec.labelsToApply[k]: invalid labelsToApply value \""
                                + "x".repeat(64) + "\": at most 63 characters of letters, digits, '-', '_' and '.',"
                                + " starting and ending with a letter or digit"),
                row("profile rules are checked like policy rules", resource("Profile", "r", "ingress:",
                                "  - action: Allow", "    destination: {ports: [22]}"),
                        String.format(profile, 8) + "spec.ingress[0].destination.ports: numeric ports need protocol"
                                + " TCP, UDP or SCTP; without a protocol only named ports are allowed"),
                row("a tier's defaultAction is Deny or Pass", resource("Tier", "x", "defaultAction: Allow"),
                        "t.yaml:6: Tier \"x\": spec.defaultAction: unknown defaultAction \"Allow\"; expected Deny or"
                                + " Pass (case-sensitive)"),
                row("the default tier's order", resource("Tier", "default", "order: 100"),
                        "t.yaml:6: Tier \"default\": spec.order: the \"default\" tier must have order 1000000, got 100"),
                row("reserved tiers must set their order", resource("Tier", "kube-admin", "defaultAction: Pass"),
                        "t.yaml:5: Tier \"kube-admin\": spec.order: the \"kube-admin\" tier must have order 1000; order"
                                + " is not set"),
                row("reserved tiers' actions, after defaulting", resource("Tier", "kube-baseline", "order: 10000000"),
                        "t.yaml:5: Tier \"kube-baseline\": spec.defaultAction: the \"kube-baseline\" tier must have"
                                + " defaultAction Pass, got Deny (the default)"),
                row("failsafe protocols are exactly TCP, UDP or SCTP", resource("FelixConfiguration", "default",
                                "failsafeInboundHostPorts:", "  - {protocol: tcp, port: 22}"),
                        String.format(felix, 7) + "spec.failsafeInboundHostPorts[0].protocol: failsafe protocol must be"
                                + " exactly TCP, UDP or SCTP, got \"tcp\""),
                row("failsafe protocol is required", resource("FelixConfiguration", "default",
                                "failsafeInboundHostPorts:", "  - {port: 22}"),
                        String.format(felix, 7) + "spec.failsafeInboundHostPorts[0].protocol: protocol is required:"
                                + " TCP, UDP or SCTP"),
                row("failsafe port is required", resource("FelixConfiguration", "default",
                                "failsafeOutboundHostPorts:", "  - {protocol: UDP}"),
                        String.format(felix, 7) + "spec.failsafeOutboundHostPorts[0].port: port is required"),
                row("failsafe ports are 0..65535", resource("FelixConfiguration", "default",
                                "failsafeOutboundHostPorts:", "  - {protocol: UDP, port: 65536}"),
                        String.format(felix, 7) + "spec.failsafeOutboundHostPorts[0].port: failsafe port must be"
                                + " 0..65535, got 65536"),
                row("failsafe nets are CIDRs or IPs", resource("FelixConfiguration", "default",
                                "failsafeInboundHostPorts:", "  - {protocol: TCP, port: 22, net: 10.0.0.300/8}"),
                        String.format(felix, 7) + "spec.failsafeInboundHostPorts[0].net: \"10.0.0.300/8\" is not a CIDR"
                                + " or IP address"),
                row("failsafe entries have protocol, port and net only", resource("FelixConfiguration", "default",
                                "failsafeInboundHostPorts:", "  - {protocol: TCP, port: 22, cidr: 10.0.0.0/8}"),
                        String.format(felix, 7) + "spec.failsafeInboundHostPorts[0].cidr: unknown field \"cidr\""));
    }
}
