package io.hostwall.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Valid manifests of every kind, as YAML documents (one resource each), with names unique per kind. Values are
 * drawn from small pools that cover the spellings the loader must treat alike (ints and numeric strings,
 * lenient nets, explicit and defaulted types, ...).
 */
final class ManifestArbitraries {
    private static final List<String> SELECTORS = List.of("all()", "has(host-endpoint)", "role == 'db'",
            "!has(x) || a in {'1', '2'}", "host-endpoint == \"ingress\" && env != 'dev'", "", "global == 'yes'");
    private static final List<String> V4_NETS = List.of("10.0.0.0/8", "10.240.0.0/16", "192.168.0.0/16",
            "198.51.100.7/32", "0.0.0.0/0");
    private static final List<String> LABEL_LINES = List.of("host-endpoint: ingress", "role: db", "env: \"on\"",
            "projectcalico.org/team: a", "version: \"1.10\"", "empty: \"\"");
    private static final List<String> PORTS = List.of("22", "\"80:90\"", "http", "\"8443\"", "'1:65535'");

    private ManifestArbitraries() {}

    /** A cluster: a list of single-resource YAML documents (no "---"). */
    static Arbitrary<List<String>> clusters() {
        return Combinators.combine(
                kind(ManifestArbitraries::policy),
                kind(ManifestArbitraries::hostEndpoint),
                kind(ManifestArbitraries::networkSet),
                kind(ManifestArbitraries::profile),
                kind(ManifestArbitraries::tier),
                kind(ManifestArbitraries::felix)).as((a, b, c, d, e, f) -> {
                    List<String> all = new ArrayList<>();
                    all.addAll(a);
                    all.addAll(b);
                    all.addAll(c);
                    all.addAll(d);
                    all.addAll(e);
                    all.addAll(f);
                    return all;
                });
    }

    private static Arbitrary<List<String>> kind(java.util.function.Function<String, Arbitrary<String>> resource) {
        Arbitrary<Set<String>> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(5)
                .set().ofMaxSize(3);
        return names.flatMap(set -> {
            List<Arbitrary<String>> docs = set.stream().sorted().map(resource).toList();
            return docs.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(docs).as(List::copyOf);
        });
    }

    private static String header(String kind, String name, List<String> labels) {
        StringBuilder sb = new StringBuilder("apiVersion: projectcalico.org/v3\nkind: " + kind + "\nmetadata:\n  name: "
                + name + "\n");
        if (!labels.isEmpty()) {
            sb.append("  labels:\n");
            labels.forEach(l -> sb.append("    ").append(l).append('\n'));
        }
        return sb.append("spec:\n").toString();
    }

    private static Arbitrary<List<String>> labels() {
        return Arbitraries.of(LABEL_LINES).list().uniqueElements().ofMaxSize(3);
    }

    static Arbitrary<String> policy(String name) {
        Arbitrary<String> order = Arbitraries.of("", "  order: 10\n", "  order: 10.5\n", "  order: 0\n", "  order: 1e3\n");
        Arbitrary<String> selector = Arbitraries.of(SELECTORS).map(s -> "  selector: " + quoted(s) + "\n")
                .injectNull(0.2).map(s -> s == null ? "" : s);
        Arbitrary<Integer> mode = Arbitraries.integers().between(0, 3); // plain, aof, preDNAT, doNotTrack
        Arbitrary<List<String>> ingress = rule().list().ofMaxSize(3);
        Arbitrary<List<String>> egress = rule().list().ofMaxSize(3);
        Arbitrary<String> types = Arbitraries.of("", "  types: [Ingress]\n", "  types: [Egress, Ingress]\n",
                "  types: []\n");
        return Combinators.combine(labels(), order, selector, mode, ingress, egress, types).as(
                (labels, o, s, m, in, out, t) -> {
                    StringBuilder sb = new StringBuilder(header("GlobalNetworkPolicy", name, labels)).append(o).append(s);
                    boolean preDNAT = m == 2;
                    sb.append(switch (m) {
                        case 1 -> "  applyOnForward: true\n";
                        case 2 -> "  preDNAT: true\n  applyOnForward: true\n";
                        case 3 -> "  doNotTrack: true\n  applyOnForward: true\n  preDNAT: false\n";
                        default -> "";
                    });
                    sb.append(preDNAT && t.contains("Egress") ? "" : t);
                    rules(sb, "ingress", in);
                    rules(sb, "egress", preDNAT ? List.of() : out);
                    return sb.toString();
                });
    }

    private static void rules(StringBuilder sb, String key, List<String> rules) {
        if (rules.isEmpty()) {
            return;
        }
        sb.append("  ").append(key).append(":\n");
        rules.forEach(r -> sb.append(r));
    }

    /** One rule, indented as an element of spec.ingress/egress. */
    static Arbitrary<String> rule() {
        Arbitrary<String> action = Arbitraries.of("Allow", "Deny", "Log", "Pass");
        Arbitrary<String> protocol = Arbitraries.of("", "TCP", "UDP", "6", "\"17\"", "SCTP", "ICMP", "ICMPv6", "132");
        Arbitrary<List<String>> ports = Arbitraries.of(PORTS).list().uniqueElements().ofMaxSize(3);
        Arbitrary<List<String>> nets = Arbitraries.of(V4_NETS).list().uniqueElements().ofMaxSize(2);
        Arbitrary<String> selector = Arbitraries.of(SELECTORS);
        Arbitrary<Boolean> annotate = Arbitraries.of(true, false);
        return Combinators.combine(action, protocol, ports, nets, selector, annotate).as((a, p, ps, ns, sel, ann) -> {
            StringBuilder sb = new StringBuilder("    - action: " + a + "\n");
            if (!p.isEmpty()) {
                sb.append("      protocol: ").append(p).append('\n');
            }
            boolean portProtocol = List.of("TCP", "UDP", "6", "\"17\"", "SCTP", "132").contains(p);
            if (p.equals("ICMP")) {
                sb.append("      icmp: {type: 8, code: 0}\n      ipVersion: 4\n");
            } else if (p.equals("ICMPv6")) {
                sb.append("      notICMP: {type: 128}\n");
            }
            if (ann) {
                sb.append("      metadata:\n        annotations: {from: frontend, Note: \"x\"}\n");
            }
            if (!ns.isEmpty()) {
                sb.append("      source:\n        nets: [").append(String.join(", ", ns)).append("]\n");
                ns.stream().filter(n -> !n.endsWith("/0")).findFirst()
                        .ifPresent(n -> sb.append("        notNets: [").append(n.replaceAll("/\\d+$", "/32"))
                                .append("]\n"));
            }
            if (portProtocol && !ps.isEmpty() || !sel.isEmpty()) {
                sb.append("      destination:\n");
                if (portProtocol && !ps.isEmpty()) {
                    sb.append("        ports: [").append(String.join(", ", ps)).append("]\n");
                }
                if (!sel.isEmpty()) {
                    sb.append("        selector: ").append(quoted(sel)).append("\n");
                }
            }
            return sb.toString();
        });
    }

    static Arbitrary<String> hostEndpoint(String name) {
        Arbitrary<String> iface = Arbitraries.of("  interfaceName: eth0\n", "  interfaceName: \"*\"\n", "");
        Arbitrary<List<String>> ips = Arbitraries.of("10.240.0.11", "10.240.0.12", "\"fd00::11\"").list()
                .uniqueElements().ofMinSize(1).ofMaxSize(2);
        Arbitrary<String> node = Arbitraries.of("node1", "node2", "n.example.com");
        return Combinators.combine(labels(), iface, ips, node, Arbitraries.of(true, false)).as((l, i, ip, n, ports) -> {
            StringBuilder sb = new StringBuilder(header("HostEndpoint", name, l)).append("  node: ").append(n).append('\n')
                    .append(i);
            if (i.isEmpty() || ports) {
                sb.append("  expectedIPs: [").append(String.join(", ", ip)).append("]\n");
            }
            if (ports) {
                sb.append("  profiles: [projectcalico-default-allow]\n  ports:\n"
                        + "    - {name: dns, protocol: UDP, port: 53}\n    - {name: web, protocol: 6, port: 8080}\n");
            }
            return sb.toString();
        });
    }

    static Arbitrary<String> networkSet(String name) {
        Arbitrary<List<String>> nets = Arbitraries.of("10.0.0.1", "192.0.2.1/24", "\"dead:beef::/96\"", "11.0.0.0/8")
                .list().uniqueElements().ofMaxSize(3);
        return Combinators.combine(labels(), nets).as((l, n) -> header("GlobalNetworkSet", name, l)
                + (n.isEmpty() ? "" : "  nets: [" + String.join(", ", n) + "]\n"));
    }

    static Arbitrary<String> profile(String name) {
        return Combinators.combine(labels(), rule().list().ofMaxSize(2), labels()).as((l, rules, apply) -> {
            StringBuilder sb = new StringBuilder(header("Profile", name, l));
            rules(sb, "ingress", rules);
            if (!apply.isEmpty()) {
                sb.append("  labelsToApply:\n");
                apply.forEach(a -> sb.append("    ").append(a).append('\n'));
            }
            return sb.toString();
        });
    }

    static Arbitrary<String> tier(String name) {
        return Combinators.combine(Arbitraries.of("", "  order: 100\n", "  order: 2.5\n"),
                Arbitraries.of("", "  defaultAction: Deny\n", "  defaultAction: Pass\n"))
                .as((o, a) -> header("Tier", name, List.of()) + o + a);
    }

    static Arbitrary<String> felix(String name) {
        Arbitrary<String> inbound = Arbitraries.of("", "  failsafeInboundHostPorts: []\n",
                "  failsafeInboundHostPorts:\n    - {protocol: TCP, port: 22, net: 192.168.1.10/24}\n"
                        + "    - {protocol: UDP, port: 68}\n");
        Arbitrary<String> outbound = Arbitraries.of("", "  failsafeOutboundHostPorts:\n    - {protocol: UDP, port: 53}\n");
        return Combinators.combine(inbound, outbound).as((i, o) -> header("FelixConfiguration", name, List.of())
                + "  logSeverityScreen: Info\n" + i + o);
    }

    /** A single-quoted YAML scalar (quotes inside are doubled). */
    static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Joins documents into one YAML stream. */
    static String yaml(List<String> documents) {
        return documents.stream().map(d -> "---\n" + d).collect(Collectors.joining());
    }
}
