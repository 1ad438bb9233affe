package io.hostwall.lab;

import io.hostwall.net.Cidr;
import io.hostwall.model.EndpointPort;
import io.hostwall.model.EntityRule;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.IcmpMatch;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Profile;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import io.hostwall.model.Tier;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes a generated {@link PolicySet} back as projectcalico.org/v3 manifests, so a differential mismatch can be
 * replayed with the CLI ({@code hostwall explain}). Strings are written as JSON strings (valid YAML) so no label
 * value or selector can change the document's structure. The differential checks that the text loads back to the
 * same set before printing it as the replay.
 */
final class ManifestYaml {
    private ManifestYaml() {}

    static String write(PolicySet set) {
        List<String> docs = new ArrayList<>();
        for (Resource r : set.all()) {
            docs.add(write(r));
        }
        return String.join("---\n", docs);
    }

    private static String write(Resource r) {
        StringBuilder b = new StringBuilder("apiVersion: projectcalico.org/v3\nkind: ").append(r.kind().manifestName())
                .append("\nmetadata:\n  name: ").append(q(r.name())).append('\n');
        Map<String, String> labels = labelsOf(r);
        if (!labels.isEmpty()) {
            b.append("  labels: ").append(map(labels)).append('\n');
        }
        b.append("spec:\n");
        if (r instanceof GlobalNetworkPolicy p) {
            b.append("  tier: ").append(q(p.tier())).append('\n');
            order(b, p.order());
            b.append("  selector: ").append(q(p.selector().toString())).append('\n');
            b.append("  types: ").append(p.types().stream().map(Object::toString).toList()).append('\n');
            b.append("  doNotTrack: ").append(p.doNotTrack()).append('\n');
            b.append("  preDNAT: ").append(p.preDNAT()).append('\n');
            b.append("  applyOnForward: ").append(p.applyOnForward()).append('\n');
            rules(b, "ingress", p.ingress());
            rules(b, "egress", p.egress());
        } else if (r instanceof HostEndpoint h) {
            b.append("  node: ").append(q(h.node())).append('\n');
            h.interfaceName().ifPresent(i -> b.append("  interfaceName: ").append(q(i)).append('\n'));
            b.append("  expectedIPs: ").append(list(h.expectedIPs().stream().map(ManifestYaml::addr).toList()))
                    .append('\n');
            b.append("  profiles: ").append(list(h.profiles().stream().map(ManifestYaml::q).toList())).append('\n');
            b.append("  ports: [");
            for (int i = 0; i < h.ports().size(); i++) {
                EndpointPort p = h.ports().get(i);
                b.append(i > 0 ? ", " : "").append("{name: ").append(q(p.name())).append(", protocol: ")
                        .append(proto(p.protocol())).append(", port: ").append(p.port()).append('}');
            }
            b.append("]\n");
        } else if (r instanceof GlobalNetworkSet s) {
            b.append("  nets: ").append(nets(s.nets())).append('\n');
        } else if (r instanceof Profile p) {
            rules(b, "ingress", p.ingress());
            rules(b, "egress", p.egress());
            b.append("  labelsToApply: ").append(map(p.labelsToApply())).append('\n');
        } else if (r instanceof Tier t) {
            order(b, t.order());
            b.append("  defaultAction: ").append(t.defaultAction().manifestName()).append('\n');
        } else if (r instanceof FelixConfiguration f) {
            f.failsafeInboundHostPorts().ifPresent(l -> failsafes(b, "failsafeInboundHostPorts", l));
            f.failsafeOutboundHostPorts().ifPresent(l -> failsafes(b, "failsafeOutboundHostPorts", l));
        }
        return b.toString();
    }

    private static Map<String, String> labelsOf(Resource r) {
        if (r instanceof GlobalNetworkPolicy p) {
            return p.labels();
        } else if (r instanceof HostEndpoint h) {
            return h.labels();
        } else if (r instanceof GlobalNetworkSet s) {
            return s.labels();
        } else if (r instanceof Profile p) {
            return p.labels();
        } else if (r instanceof Tier t) {
            return t.labels();
        } else if (r instanceof FelixConfiguration f) {
            return f.labels();
        }
        return Map.of();
    }

    private static void order(StringBuilder b, OptionalDouble order) {
        if (order.isPresent()) {
            double o = order.getAsDouble();
            b.append("  order: ").append(o == Math.rint(o) ? Long.toString((long) o) : Double.toString(o)).append('\n');
        }
    }

    private static void rules(StringBuilder b, String key, List<Rule> rules) {
        b.append("  ").append(key).append(":");
        if (rules.isEmpty()) {
            b.append(" []\n");
            return;
        }
        b.append('\n');
        for (Rule r : rules) {
            b.append("  - action: ").append(r.action().manifestName()).append('\n');
            r.protocol().ifPresent(p -> b.append("    protocol: ").append(proto(p)).append('\n'));
            r.notProtocol().ifPresent(p -> b.append("    notProtocol: ").append(proto(p)).append('\n'));
            r.ipVersion().ifPresent(v -> b.append("    ipVersion: ").append(v.version()).append('\n'));
            r.icmp().ifPresent(i -> b.append("    icmp: ").append(icmp(i)).append('\n'));
            r.notIcmp().ifPresent(i -> b.append("    notICMP: ").append(icmp(i)).append('\n'));
            entity(b, "source", r.source());
            entity(b, "destination", r.destination());
            if (!r.annotations().isEmpty()) {
                b.append("    metadata: {annotations: ").append(map(r.annotations())).append("}\n");
            }
        }
    }

    private static void entity(StringBuilder b, String key, EntityRule e) {
        if (e.isAny()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (!e.nets().isEmpty()) {
            parts.add("nets: " + nets(e.nets()));
        }
        if (!e.notNets().isEmpty()) {
            parts.add("notNets: " + nets(e.notNets()));
        }
        e.selector().ifPresent(s -> parts.add("selector: " + q(s.toString())));
        e.notSelector().ifPresent(s -> parts.add("notSelector: " + q(s.toString())));
        if (!e.ports().isEmpty()) {
            parts.add("ports: " + ports(e.ports()));
        }
        if (!e.notPorts().isEmpty()) {
            parts.add("notPorts: " + ports(e.notPorts()));
        }
        b.append("    ").append(key).append(": {").append(String.join(", ", parts)).append("}\n");
    }

    private static String ports(List<PortSpec> ports) {
        return list(ports.stream().map(p -> p instanceof PortSpec.Numeric n && n.range().first() == n.range().last()
                ? Integer.toString(n.range().first()) : q(p.toString())).toList());
    }

    private static String icmp(IcmpMatch i) {
        List<String> parts = new ArrayList<>();
        i.type().ifPresent(t -> parts.add("type: " + t));
        i.code().ifPresent(c -> parts.add("code: " + c));
        return "{" + String.join(", ", parts) + "}";
    }

    private static void failsafes(StringBuilder b, String key, List<FailsafePort> ports) {
        b.append("  ").append(key).append(": [");
        for (int i = 0; i < ports.size(); i++) {
            FailsafePort p = ports.get(i);
            b.append(i > 0 ? ", " : "").append("{protocol: ").append(proto(p.protocol())).append(", port: ")
                    .append(p.port());
            p.net().ifPresent(n -> b.append(", net: ").append(q(n.toString())));
            b.append('}');
        }
        b.append("]\n");
    }

    private static String proto(Protocol p) {
        return p.calicoName().chars().allMatch(Character::isDigit) ? p.calicoName() : q(p.calicoName());
    }

    private static String nets(List<Cidr> nets) {
        return list(nets.stream().map(n -> q(n.toString())).toList());
    }

    private static String addr(InetAddress a) {
        return q(com.google.common.net.InetAddresses.toAddrString(a));
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    private static String map(Map<String, String> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(q(k) + ": " + q(v)));
        return "{" + String.join(", ", parts) + "}";
    }

    /** A JSON string literal, which YAML reads as the same string. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }
}
