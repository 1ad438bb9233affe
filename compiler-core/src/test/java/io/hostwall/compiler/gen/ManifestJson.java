package io.hostwall.compiler.gen;

import com.google.common.net.InetAddresses;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes a {@link PolicySet} as one JSON manifest ({@code kind: List}), so that generated sets can be loaded by the
 * real loader (proving they are valid) or handed to the CLI and the kernel lab. Covers what the generators produce:
 * no http, services or service accounts.
 */
public final class ManifestJson {
    private ManifestJson() {}

    public static String of(PolicySet set) {
        StringJoiner items = new StringJoiner(",\n", "[\n", "\n]");
        for (Resource r : set.all()) {
            items.add(resource(r));
        }
        return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": " + items + "}\n";
    }

    private static String resource(Resource r) {
        String spec;
        if (r instanceof GlobalNetworkPolicy p) {
            spec = policy(p);
        } else if (r instanceof HostEndpoint h) {
            spec = endpoint(h);
        } else if (r instanceof GlobalNetworkSet s) {
            spec = obj("nets", list(s.nets().stream().map(c -> str(c.toString())).toList()));
        } else if (r instanceof Profile p) {
            spec = obj("ingress", rules(p.ingress()), "egress", rules(p.egress()), "labelsToApply",
                    map(p.labelsToApply()));
        } else if (r instanceof Tier t) {
            spec = obj("order", t.order().isPresent() ? num(t.order().getAsDouble()) : null,
                    "defaultAction", str(t.defaultAction().manifestName()));
        } else {
            FelixConfiguration f = (FelixConfiguration) r;
            spec = obj("failsafeInboundHostPorts", f.failsafeInboundHostPorts().map(ManifestJson::failsafes).orElse(null),
                    "failsafeOutboundHostPorts", f.failsafeOutboundHostPorts().map(ManifestJson::failsafes).orElse(null));
        }
        return obj("apiVersion", str("projectcalico.org/v3"), "kind", str(r.kind().manifestName()),
                "metadata", obj("name", str(r.name()), "labels", r.labels().isEmpty() ? null : map(r.labels())),
                "spec", spec);
    }

    private static String policy(GlobalNetworkPolicy p) {
        List<String> types = p.types().stream().map(d -> str(d.manifestName())).toList();
        return obj("tier", str(p.tier()),
                "order", p.order().isPresent() ? num(p.order().getAsDouble()) : null,
                "selector", str(p.selector().toString()),
                "types", list(types),
                "ingress", rules(p.ingress()),
                "egress", rules(p.egress()),
                "doNotTrack", p.doNotTrack() ? "true" : null,
                "preDNAT", p.preDNAT() ? "true" : null,
                "applyOnForward", p.applyOnForward() ? "true" : null,
                "namespaceSelector", p.namespaceSelector().map(s -> str(s.toString())).orElse(null));
    }

    private static String endpoint(HostEndpoint h) {
        List<String> ports = new ArrayList<>();
        for (EndpointPort e : h.ports()) {
            ports.add(obj("name", str(e.name()), "protocol", str(e.protocol().calicoName()), "port",
                    Integer.toString(e.port())));
        }
        return obj("node", str(h.node()),
                "interfaceName", h.interfaceName().map(ManifestJson::str).orElse(null),
                "expectedIPs", h.expectedIPs().isEmpty() ? null
                        : list(h.expectedIPs().stream().map(a -> str(InetAddresses.toAddrString(a))).toList()),
                "profiles", h.profiles().isEmpty() ? null : list(h.profiles().stream().map(ManifestJson::str).toList()),
                "ports", ports.isEmpty() ? null : list(ports));
    }

    private static String rules(List<Rule> rules) {
        return rules.isEmpty() ? null : list(rules.stream().map(ManifestJson::rule).toList());
    }

    private static String rule(Rule r) {
        return obj("action", str(r.action().manifestName()),
                "protocol", r.protocol().map(ManifestJson::protocol).orElse(null),
                "notProtocol", r.notProtocol().map(ManifestJson::protocol).orElse(null),
                "ipVersion", r.ipVersion().map(v -> Integer.toString(v.version())).orElse(null),
                "icmp", r.icmp().map(ManifestJson::icmp).orElse(null),
                "notICMP", r.notIcmp().map(ManifestJson::icmp).orElse(null),
                "source", side(r.source()),
                "destination", side(r.destination()));
    }

    private static String side(EntityRule e) {
        if (e.isAny()) {
            return null;
        }
        return obj("nets", cidrs(e.nets()), "notNets", cidrs(e.notNets()),
                "selector", e.selector().map(s -> str(s.toString())).orElse(null),
                "notSelector", e.notSelector().map(s -> str(s.toString())).orElse(null),
                "ports", ports(e.ports()), "notPorts", ports(e.notPorts()));
    }

    private static String cidrs(List<Cidr> cidrs) {
        return cidrs.isEmpty() ? null : list(cidrs.stream().map(c -> str(c.toString())).toList());
    }

    private static String ports(List<PortSpec> ports) {
        return ports.isEmpty() ? null : list(ports.stream().map(p -> p instanceof PortSpec.Numeric n
                && n.range().first() == n.range().last() ? Integer.toString(n.range().first()) : str(p.toString())).toList());
    }

    private static String icmp(IcmpMatch m) {
        return obj("type", m.type().isPresent() ? Integer.toString(m.type().getAsInt()) : null,
                "code", m.code().isPresent() ? Integer.toString(m.code().getAsInt()) : null);
    }

    private static String protocol(Protocol p) {
        String name = p.calicoName();
        return name.chars().allMatch(Character::isDigit) ? name : str(name);
    }

    private static String failsafes(List<FailsafePort> ports) {
        return list(ports.stream().map(f -> obj("protocol", str(f.protocol().calicoName()), "port",
                Integer.toString(f.port()), "net", f.net().map(n -> str(n.toString())).orElse(null))).toList());
    }

    private static String map(Map<String, String> m) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        m.forEach((k, v) -> j.add(str(k) + ": " + str(v)));
        return j.toString();
    }

    /** An object of key/value pairs; null values are left out. */
    private static String obj(Object... kv) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                j.add(str((String) kv[i]) + ": " + kv[i + 1]);
            }
        }
        return j.toString();
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

}
