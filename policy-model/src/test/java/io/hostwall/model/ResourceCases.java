package io.hostwall.model;

import com.google.common.net.InetAddresses;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One resource two ways: built in code with the model's builders, and written as a YAML manifest. Every field is
 * drawn from a pool of values that are valid on their own, mixed with a few that are not, so that the generated
 * resources include states the model must refuse (single bad values and bad combinations: ICMP with ports, preDNAT
 * with egress, nets of two families, ...).
 */
final class ResourceCases {
    /** A resource as code (which may throw {@link InvalidResourceException}) and as YAML; {@code kind} for labels. */
    record Case(String kind, Supplier<Resource> code, String yaml) {
        @Override
        public String toString() {
            return yaml;
        }
    }

    /** One choice for a field: its YAML lines (unindented) and what it does to a builder. */
    private record Part<B>(List<String> yaml, Consumer<B> code) {
        static <B> Part<B> none() {
            return new Part<>(List.of(), b -> { });
        }

        static <B> Part<B> of(String yaml, Consumer<B> code) {
            return new Part<>(List.of(yaml), code);
        }
    }

    private ResourceCases() {}

    /** Cases of every kind. */
    static Arbitrary<Case> cases() {
        return Arbitraries.oneOf(policy(), hostEndpoint(), networkSet(), profile(), tier(), felix());
    }

    /** Mostly {@code valid}, sometimes {@code invalid}. */
    @SafeVarargs
    private static <T> Arbitrary<T> mostly(List<T> valid, T... invalid) {
        return Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.of(valid)), Tuple.of(1, Arbitraries.of(invalid)));
    }

    /**
     * Mostly {@code valid}, rarely {@code invalid}: for fields checked first, which would hide the rest, and for the
     * many fields of rules, which would otherwise leave few policies valid.
     */
    @SafeVarargs
    private static <T> Arbitrary<T> rarely(List<T> valid, T... invalid) {
        return Arbitraries.frequencyOf(Tuple.of(24, Arbitraries.of(valid)), Tuple.of(1, Arbitraries.of(invalid)));
    }

    private static Arbitrary<String> names() {
        return rarely(List.of("p", "allow-ssh", "a1", "web.edge"), "Bad_Name", "-x");
    }

    private static Arbitrary<Map<String, String>> labels() {
        return rarely(List.of(Map.of(), Map.of("role", "db"), Map.of("projectcalico.org/team", "a", "env", "")),
                Map.of("bad key!", "x"), Map.of("k", "-bad-"));
    }

    private static String header(String kind, String name, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("apiVersion: projectcalico.org/v3\nkind: " + kind + "\nmetadata:\n"
                + "  name: " + ManifestArbitraries.quoted(name) + "\n");
        if (!labels.isEmpty()) {
            sb.append("  labels:\n");
            labels.forEach((k, v) -> sb.append("    ").append(ManifestArbitraries.quoted(k)).append(": ")
                    .append(ManifestArbitraries.quoted(v)).append('\n'));
        }
        return sb.append("spec:\n").toString();
    }

    private static void lines(StringBuilder sb, String indent, List<String> lines) {
        lines.forEach(l -> sb.append(indent).append(l).append('\n'));
    }

    // ---- GlobalNetworkPolicy

    static Arbitrary<Case> policy() {
        Arbitrary<Part<GlobalNetworkPolicy.Builder>> tier = mostly(List.of(
                Part.none(),
                Part.of("tier: default", b -> b.tier("default")),
                Part.of("tier: platform", b -> b.tier("platform"))),
                Part.of("tier: Bad_Tier", b -> b.tier("Bad_Tier")));
        Arbitrary<Part<GlobalNetworkPolicy.Builder>> order = Arbitraries.of(
                Part.none(),
                Part.of("order: 10", b -> b.order(10)),
                Part.of("order: 10.5", b -> b.order(10.5)),
                Part.of("order: -0", b -> b.order(-0.0)),
                Part.of("order: 1e3", b -> b.order(1000)));
        Arbitrary<Part<GlobalNetworkPolicy.Builder>> selector = mostly(List.of(
                Part.none(),
                Part.of("selector: all()", b -> b.selector("all()")),
                Part.of("selector: \"role == 'db'\"", b -> b.selector("role == 'db'"))),
                Part.of("selector: global()", b -> b.selector("global()")),
                Part.of("selector: \"a == 'global('\"", b -> b.selector("a == 'global('")));
        Arbitrary<Part<GlobalNetworkPolicy.Builder>> types = Arbitraries.of(
                Part.none(),
                Part.of("types: [Ingress]", b -> b.types(Direction.INGRESS)),
                Part.of("types: [Egress, Ingress]", b -> b.types(Direction.EGRESS, Direction.INGRESS)));
        Arbitrary<Part<GlobalNetworkPolicy.Builder>> mode = mostly(List.of(
                Part.none(),
                Part.of("applyOnForward: true", b -> b.applyOnForward(true)),
                new Part<>(List.of("preDNAT: true", "applyOnForward: true"), b -> b.preDNAT(true).applyOnForward(true)),
                new Part<>(List.of("doNotTrack: true", "applyOnForward: true"),
                        b -> b.doNotTrack(true).applyOnForward(true))),
                Part.of("preDNAT: true", b -> b.preDNAT(true)),
                Part.of("doNotTrack: true", b -> b.doNotTrack(true)),
                new Part<>(List.of("preDNAT: true", "doNotTrack: true", "applyOnForward: true"),
                        b -> b.preDNAT(true).doNotTrack(true).applyOnForward(true)));
        Arbitrary<Part<GlobalNetworkPolicy.Builder>> hints = mostly(List.of(
                Part.none(),
                Part.of("performanceHints: [AssumeNeededOnEveryNode]",
                        b -> b.performanceHints(List.of("AssumeNeededOnEveryNode")))),
                Part.of("performanceHints: [Fast]", b -> b.performanceHints(List.of("Fast"))));
        Arbitrary<List<RuleCase>> ingress = rule().list().ofMaxSize(2);
        Arbitrary<List<RuleCase>> egress = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.of())),
                Tuple.of(1, rule().list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<List<Part<GlobalNetworkPolicy.Builder>>> spec = Combinators.combine(tier, order, selector, types,
                mode, hints).as(List::of);
        return Combinators.combine(names(), labels(), spec, ingress, egress).as((name, labels, parts, in, out) -> {
            StringBuilder yaml = new StringBuilder(header("GlobalNetworkPolicy", name, labels));
            parts.forEach(p -> lines(yaml, "  ", p.yaml()));
            rulesYaml(yaml, "ingress", in);
            rulesYaml(yaml, "egress", out);
            Supplier<Resource> code = () -> {
                GlobalNetworkPolicy.Builder b = GlobalNetworkPolicy.builder(name).labels(labels);
                parts.forEach(p -> p.code().accept(b));
                return b.ingress(build(in)).egress(build(out)).build();
            };
            return new Case("GlobalNetworkPolicy", code, yaml.toString());
        });
    }

    // ---- rules

    /** A rule as YAML lines (unindented; the first is {@code action}) and as code. */
    private record RuleCase(List<String> yaml, Supplier<Rule> code) {}

    private static void rulesYaml(StringBuilder yaml, String key, List<RuleCase> rules) {
        if (rules.isEmpty()) {
            return;
        }
        yaml.append("  ").append(key).append(":\n");
        for (RuleCase r : rules) {
            yaml.append("    - ").append(r.yaml().get(0)).append('\n');
            lines(yaml, "      ", r.yaml().subList(1, r.yaml().size()));
        }
    }

    private static List<Rule> build(List<RuleCase> rules) {
        return rules.stream().map(r -> r.code().get()).toList();
    }

    private static Arbitrary<RuleCase> rule() {
        Arbitrary<Action> action = Arbitraries.of(Action.values());
        Arbitrary<Part<Rule.Builder>> protocol = rarely(List.of(
                Part.none(),
                Part.of("protocol: TCP", b -> b.protocol(Protocol.TCP)),
                Part.of("protocol: UDP", b -> b.protocol(Protocol.UDP)),
                Part.of("protocol: 6", b -> b.protocol(new Protocol(6))),
                Part.of("protocol: ICMP", b -> b.protocol(Protocol.ICMP)),
                Part.of("protocol: ICMPv6", b -> b.protocol(Protocol.ICMPV6)),
                Part.of("protocol: 47", b -> b.protocol(new Protocol(47)))),
                Part.of("protocol: 300", b -> b.protocol(new Protocol(300))));
        Arbitrary<Part<Rule.Builder>> ipVersion = Arbitraries.of(
                Part.none(),
                Part.of("ipVersion: 4", b -> b.ipVersion(IpFamily.V4)),
                Part.of("ipVersion: 6", b -> b.ipVersion(IpFamily.V6)));
        Arbitrary<Part<Rule.Builder>> icmp = rarely(List.of(
                Part.none(),
                Part.none(),
                Part.none(),
                Part.none(),
                Part.of("icmp: {type: 8, code: 0}", b -> b.icmp(IcmpMatch.typeAndCode(8, 0))),
                Part.of("notICMP: {type: 128}", b -> b.notIcmp(IcmpMatch.type(128)))),
                Part.of("icmp: {type: 300}", b -> b.icmp(IcmpMatch.type(300))));
        Arbitrary<Part<Rule.Builder>> http = rarely(List.of(
                Part.none(),
                Part.none(),
                Part.none(),
                Part.none(),
                Part.none(),
                Part.of("http: {methods: [GET], paths: [{exact: /a}]}", b -> b.http(new HttpMatch(
                        com.google.common.collect.ImmutableList.of("GET"),
                        com.google.common.collect.ImmutableList.of(new HttpMatch.HttpPath(true, "/a")))))),
                Part.of("http: {methods: [GET, GET]}", b -> b.http(new HttpMatch(
                        com.google.common.collect.ImmutableList.of("GET", "GET"),
                        com.google.common.collect.ImmutableList.of()))),
                Part.of("http: {paths: [{prefix: a}]}", b -> b.http(new HttpMatch(
                        com.google.common.collect.ImmutableList.of(),
                        com.google.common.collect.ImmutableList.of(new HttpMatch.HttpPath(false, "a"))))));
        Arbitrary<Part<Rule.Builder>> annotations = rarely(List.of(
                Part.none(),
                new Part<>(List.of("metadata:", "  annotations: {from: frontend}"),
                        b -> b.annotation("from", "frontend"))),
                new Part<>(List.of("metadata:", "  annotations: {'bad key!': x}"), b -> b.annotation("bad key!", "x")));
        Arbitrary<List<Part<EntityRule.Builder>>> source = Combinators.combine(nets(), notNets(),
                namespaceSelector()).as(List::of);
        Arbitrary<List<Part<EntityRule.Builder>>> destination = Combinators.combine(ports(), selector(), services())
                .as(List::of);
        Arbitrary<List<Part<Rule.Builder>>> fields = Combinators.combine(protocol, ipVersion, icmp, http, annotations)
                .as(List::of);
        return Combinators.combine(action, fields, source, destination).as((a, parts, src, dst) -> {
            List<String> yaml = new ArrayList<>();
            yaml.add("action: " + a.manifestName());
            parts.forEach(p -> yaml.addAll(p.yaml()));
            side(yaml, "source", src);
            side(yaml, "destination", dst);
            Supplier<Rule> code = () -> {
                Rule.Builder b = Rule.builder(a);
                parts.forEach(p -> p.code().accept(b));
                return b.source(entity(src)).destination(entity(dst)).build();
            };
            return new RuleCase(yaml, code);
        });
    }

    private static void side(List<String> yaml, String key, List<Part<EntityRule.Builder>> parts) {
        if (parts.stream().allMatch(p -> p.yaml().isEmpty())) {
            return;
        }
        yaml.add(key + ":");
        parts.forEach(p -> p.yaml().forEach(l -> yaml.add("  " + l)));
    }

    private static EntityRule entity(List<Part<EntityRule.Builder>> parts) {
        EntityRule.Builder b = EntityRule.builder();
        parts.forEach(p -> p.code().accept(b));
        return b.build();
    }

    private static Cidr cidr(String text) {
        return Cidr.parseStrict(text).orElseThrow();
    }

    private static Arbitrary<Part<EntityRule.Builder>> nets() {
        return Arbitraries.of(
                Part.none(),
                Part.none(),
                Part.of("nets: [10.0.0.0/8]", b -> b.nets(cidr("10.0.0.0/8"))),
                Part.of("nets: ['fd00::/8']", b -> b.nets(cidr("fd00::/8"))),
                Part.of("nets: [10.0.0.0/8, 'fd00::/8']", b -> b.nets(cidr("10.0.0.0/8"), cidr("fd00::/8"))));
    }

    private static Arbitrary<Part<EntityRule.Builder>> notNets() {
        return rarely(List.of(
                Part.none(),
                Part.none(),
                Part.of("notNets: [10.1.0.0/16]", b -> b.notNets(cidr("10.1.0.0/16")))),
                Part.of("notNets: [0.0.0.0/0]", b -> b.notNets(cidr("0.0.0.0/0"))));
    }

    private static Arbitrary<Part<EntityRule.Builder>> namespaceSelector() {
        return rarely(List.of(
                Part.none(),
                Part.none(),
                Part.of("namespaceSelector: global()", b -> b.namespaceSelector("global()"))),
                Part.of("namespaceSelector: \"global() && a == 'b'\"",
                        b -> b.namespaceSelector("global() && a == 'b'")));
    }

    private static Arbitrary<Part<EntityRule.Builder>> ports() {
        return mostly(List.of(
                Part.none(),
                Part.none(),
                Part.of("ports: [22]", b -> b.ports(PortSpec.port(22))),
                Part.of("ports: ['80:90', http]", b -> b.ports(PortSpec.range(80, 90), PortSpec.named("http"))),
                Part.of("notPorts: [http]", b -> b.notPorts(PortSpec.named("http")))),
                Part.of("ports: ['90:80']", b -> b.ports(PortSpec.range(90, 80))),
                Part.of("ports: [Bad_Port]", b -> b.ports(PortSpec.named("Bad_Port"))));
    }

    private static Arbitrary<Part<EntityRule.Builder>> selector() {
        return rarely(List.of(
                Part.none(),
                Part.of("selector: \"role == 'db'\"", b -> b.selector("role == 'db'"))),
                Part.of("selector: global()", b -> b.selector("global()")));
    }

    private static Arbitrary<Part<EntityRule.Builder>> services() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(Part.none())),
                Tuple.of(1, Arbitraries.just(Part.of("services: {name: s, namespace: d}",
                        b -> b.services(java.util.Optional.of(new ServiceMatch("s", "d")))))));
    }

    // ---- HostEndpoint

    static Arbitrary<Case> hostEndpoint() {
        Arbitrary<Part<HostEndpoint.Builder>> node = mostly(List.of(
                Part.of("node: node1", b -> b.node("node1")),
                Part.of("node: n.example.com", b -> b.node("n.example.com"))),
                Part.none(),
                Part.of("node: Bad_Node", b -> b.node("Bad_Node")));
        Arbitrary<Part<HostEndpoint.Builder>> iface = mostly(List.of(
                Part.of("interfaceName: eth0", b -> b.interfaceName("eth0")),
                Part.of("interfaceName: '*'", b -> b.interfaceName("*")),
                Part.none()),
                Part.of("interfaceName: this-name-is-too-long", b -> b.interfaceName("this-name-is-too-long")));
        Arbitrary<Part<HostEndpoint.Builder>> ips = mostly(List.of(
                Part.none(),
                Part.of("expectedIPs: [10.240.0.11]", b -> b.expectedIPs(InetAddresses.forString("10.240.0.11"))),
                Part.of("expectedIPs: [10.240.0.11, 'fd00::11']", b -> b.expectedIPs(
                        InetAddresses.forString("10.240.0.11"), InetAddresses.forString("fd00::11")))),
                Part.of("expectedIPs: [10.240.0.11, 10.240.0.11]", b -> b.expectedIPs(
                        InetAddresses.forString("10.240.0.11"), InetAddresses.forString("10.240.0.11"))));
        Arbitrary<Part<HostEndpoint.Builder>> profiles = mostly(List.of(
                Part.none(),
                Part.of("profiles: [projectcalico-default-allow]", b -> b.profiles("projectcalico-default-allow"))),
                Part.of("profiles: [Bad_Profile]", b -> b.profiles("Bad_Profile")));
        Arbitrary<Part<HostEndpoint.Builder>> ports = mostly(List.of(
                Part.none(),
                new Part<>(List.of("ports:", "  - {name: dns, protocol: UDP, port: 53}",
                        "  - {name: web, protocol: 6, port: 8080}"), b -> b.ports(
                                new EndpointPort("dns", Protocol.UDP, 53), new EndpointPort("web", Protocol.TCP, 8080)))),
                new Part<>(List.of("ports:", "  - {name: ping, protocol: ICMP, port: 1}"),
                        b -> b.ports(new EndpointPort("ping", Protocol.ICMP, 1))),
                new Part<>(List.of("ports:", "  - {name: web, protocol: TCP, port: 0}"),
                        b -> b.ports(new EndpointPort("web", Protocol.TCP, 0))),
                new Part<>(List.of("ports:", "  - {name: Web, protocol: TCP, port: 80}"),
                        b -> b.ports(new EndpointPort("Web", Protocol.TCP, 80))));
        return Combinators.combine(names(), labels(), Combinators.combine(node, iface, ips, profiles, ports)
                .as(List::of)).as((name, labels, parts) -> {
                    StringBuilder yaml = new StringBuilder(header("HostEndpoint", name, labels));
                    parts.forEach(p -> lines(yaml, "  ", p.yaml()));
                    Supplier<Resource> code = () -> {
                        HostEndpoint.Builder b = HostEndpoint.builder(name).labels(labels);
                        parts.forEach(p -> p.code().accept(b));
                        return b.build();
                    };
                    return new Case("HostEndpoint", code, yaml.toString());
                });
    }

    // ---- GlobalNetworkSet

    static Arbitrary<Case> networkSet() {
        Arbitrary<Map<String, String>> labels = mostly(List.of(Map.of(), Map.of("role", "db")),
                Map.of("projectcalico.org/namespace", "x"));
        Arbitrary<Part<GlobalNetworkSet.Builder>> nets = Arbitraries.of(
                Part.none(),
                Part.of("nets: [10.0.0.1, 192.0.2.1/24, 'dead:beef::/96']", b -> b.nets(cidr("10.0.0.1/32"),
                        cidr("192.0.2.0/24"), cidr("dead:beef::/96"))));
        return Combinators.combine(names(), labels, nets).as((name, l, n) -> {
            StringBuilder yaml = new StringBuilder(header("GlobalNetworkSet", name, l));
            lines(yaml, "  ", n.yaml());
            Supplier<Resource> code = () -> {
                GlobalNetworkSet.Builder b = GlobalNetworkSet.builder(name).labels(l);
                n.code().accept(b);
                return b.build();
            };
            return new Case("GlobalNetworkSet", code, yaml.toString());
        });
    }

    // ---- Profile

    static Arbitrary<Case> profile() {
        Arbitrary<Map<String, String>> apply = mostly(List.of(Map.of(), Map.of("zone", "a")),
                Map.of("zone", "not valid"));
        return Combinators.combine(names(), labels(), rule().list().ofMaxSize(2), rule().list().ofMaxSize(1), apply)
                .as((name, l, in, out, a) -> {
                    StringBuilder yaml = new StringBuilder(header("Profile", name, l));
                    rulesYaml(yaml, "ingress", in);
                    rulesYaml(yaml, "egress", out);
                    if (!a.isEmpty()) {
                        yaml.append("  labelsToApply:\n");
                        a.forEach((k, v) -> yaml.append("    ").append(k).append(": ")
                                .append(ManifestArbitraries.quoted(v)).append('\n'));
                    }
                    Supplier<Resource> code = () -> Profile.builder(name).labels(l).ingress(build(in))
                            .egress(build(out)).labelsToApply(a).build();
                    return new Case("Profile", code, yaml.toString());
                });
    }

    // ---- Tier

    static Arbitrary<Case> tier() {
        Arbitrary<String> name = mostly(List.of("t", "platform", "default", "kube-admin"), "a.b", "Bad");
        Arbitrary<Part<Tier.Builder>> order = Arbitraries.of(
                Part.none(),
                Part.of("order: 100", b -> b.order(100)),
                Part.of("order: -0.0", b -> b.order(-0.0)),
                Part.of("order: 1000000", b -> b.order(1_000_000)),
                Part.of("order: 1000", b -> b.order(1000)));
        // An omitted defaultAction is Deny in both; the loader's message about a reserved tier then adds
        // "(the default)", which the record cannot know, so the action is always written here.
        Arbitrary<Part<Tier.Builder>> action = Arbitraries.of(
                Part.of("defaultAction: Deny", b -> b.defaultAction(TierAction.DENY)),
                Part.of("defaultAction: Pass", b -> b.defaultAction(TierAction.PASS)));
        return Combinators.combine(name, order, action).as((n, o, a) -> {
            StringBuilder yaml = new StringBuilder(header("Tier", n, Map.of()));
            lines(yaml, "  ", o.yaml());
            lines(yaml, "  ", a.yaml());
            Supplier<Resource> code = () -> {
                Tier.Builder b = Tier.builder(n);
                o.code().accept(b);
                a.code().accept(b);
                return b.build();
            };
            return new Case("Tier", code, yaml.toString());
        });
    }

    // ---- FelixConfiguration

    static Arbitrary<Case> felix() {
        Arbitrary<Part<FelixConfiguration.Builder>> inbound = mostly(List.of(
                Part.none(),
                Part.of("failsafeInboundHostPorts: []", b -> b.failsafeInboundHostPorts()),
                new Part<>(List.of("failsafeInboundHostPorts:", "  - {protocol: TCP, port: 22, net: 192.168.1.10/24}",
                        "  - {protocol: SCTP, port: 0}"), b -> b.failsafeInboundHostPorts(
                                new FailsafePort(Protocol.TCP, 22, Cidr.parseLenient("192.168.1.0/24")),
                                new FailsafePort(Protocol.SCTP, 0, java.util.Optional.empty())))),
                new Part<>(List.of("failsafeInboundHostPorts:", "  - {protocol: UDP, port: 70000}"),
                        b -> b.failsafeInboundHostPorts(new FailsafePort(Protocol.UDP, 70000,
                                java.util.Optional.empty()))),
                new Part<>(List.of("failsafeInboundHostPorts:", "  - {protocol: ICMP, port: 1}"),
                        b -> b.failsafeInboundHostPorts(new FailsafePort(Protocol.ICMP, 1,
                                java.util.Optional.empty()))));
        Arbitrary<Part<FelixConfiguration.Builder>> outbound = Arbitraries.of(
                Part.none(),
                new Part<>(List.of("failsafeOutboundHostPorts:", "  - {protocol: UDP, port: 53}"),
                        b -> b.failsafeOutboundHostPorts(new FailsafePort(Protocol.UDP, 53,
                                java.util.Optional.empty()))));
        Arbitrary<String> name = mostly(List.of("default", "node.node1"), "Bad_Name");
        return Combinators.combine(name, labels(), inbound, outbound).as((n, l, i, o) -> {
            StringBuilder yaml = new StringBuilder(header("FelixConfiguration", n, l));
            yaml.append("  logSeverityScreen: Info\n");
            lines(yaml, "  ", i.yaml());
            lines(yaml, "  ", o.yaml());
            Supplier<Resource> code = () -> {
                FelixConfiguration.Builder b = FelixConfiguration.builder(n).labels(l);
                i.code().accept(b);
                o.code().accept(b);
                return b.build();
            };
            return new Case("FelixConfiguration", code, yaml.toString());
        });
    }
}
