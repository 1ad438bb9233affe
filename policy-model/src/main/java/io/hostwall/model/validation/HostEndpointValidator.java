package io.hostwall.model.validation;

import io.hostwall.model.EndpointPort;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.Names;
import io.hostwall.model.Protocol;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.ProblemReport;
import io.hostwall.model.yaml.Scalars;
import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** {@code HostEndpoint}: node, interface or expected IPs, named ports, profiles. */
final class HostEndpointValidator {
    static final ImmutableSet<String> SPEC_FIELDS = ImmutableSet.of("node", "interfaceName", "expectedIPs",
            "profiles", "ports");
    private static final ImmutableSet<String> PORT_FIELDS = ImmutableSet.of("name", "protocol", "port");

    private HostEndpointValidator() {}

    static Optional<HostEndpoint> validate(MetadataValidator.Metadata meta, Fields spec) {
        ProblemReport report = spec.report();
        int before = report.count();
        Optional<String> node = spec.requiredString("node", "node is required");
        node.filter(n -> !Names.isDnsSubdomain(n)).ifPresent(n -> spec.problem("node",
                Names.quote(n) + " is not a valid node name: " + Names.SUBDOMAIN_RULE));
        Optional<String> interfaceName = spec.nonEmptyString("interfaceName");
        interfaceName.filter(i -> !i.equals(HostEndpoint.ALL_INTERFACES) && !Names.isInterfaceName(i))
                .ifPresent(i -> spec.problem("interfaceName", Names.quote(i) + " is not a valid interface name: use"
                        + " \"*\" or 1-15 characters of letters, digits, '_', '.' and '-'"));
        ImmutableList<InetAddress> expectedIPs = expectedIPs(spec);
        if (interfaceName.isEmpty() && !spec.hasItems("expectedIPs")) {
            report.add(spec.line(), spec.path(), "a HostEndpoint needs interfaceName or expectedIPs");
        }
        ImmutableList<String> profiles = profiles(spec);
        ImmutableList<EndpointPort> ports = ports(spec);
        if (report.count() != before) {
            return Optional.empty();
        }
        return Optional.of(new HostEndpoint(meta.name(), meta.labels(), node.orElseThrow(), interfaceName,
                expectedIPs, profiles, ports));
    }

    private static ImmutableList<InetAddress> expectedIPs(Fields spec) {
        ImmutableList.Builder<InetAddress> ips = ImmutableList.builder();
        Set<InetAddress> seen = new HashSet<>();
        for (Fields.Item item : spec.list("expectedIPs")) {
            Optional<String> text = Scalars.string(item.node(), item.path(), spec.report());
            if (text.isEmpty()) {
                continue;
            }
            Optional<InetAddress> ip = Cidr.parseAddress(text.get());
            if (ip.isEmpty()) {
                String hint = text.get().contains("/") ? " (expectedIPs take plain addresses, not CIDRs)" : "";
                spec.report().add(item.node(), item.path(), Names.quote(text.get()) + " is not an IP address" + hint);
            } else if (!seen.add(ip.get())) {
                spec.report().add(item.node(), item.path(), text.get() + " is listed twice");
            } else {
                ips.add(ip.get());
            }
        }
        return ips.build();
    }

    private static ImmutableList<String> profiles(Fields spec) {
        ImmutableList.Builder<String> profiles = ImmutableList.builder();
        for (Fields.Item item : spec.list("profiles")) {
            Scalars.string(item.node(), item.path(), spec.report()).ifPresent(p -> {
                if (Names.isDnsSubdomain(p)) {
                    profiles.add(p);
                } else {
                    spec.report().add(item.node(), item.path(), Names.quote(p) + " is not a valid profile name: "
                            + Names.SUBDOMAIN_RULE);
                }
            });
        }
        return profiles.build();
    }

    private static ImmutableList<EndpointPort> ports(Fields spec) {
        ImmutableList.Builder<EndpointPort> ports = ImmutableList.builder();
        for (Fields.Item item : spec.list("ports")) {
            Fields.of(item.node(), item.path(), spec.report(), PORT_FIELDS).flatMap(HostEndpointValidator::port)
                    .ifPresent(ports::add);
        }
        return ports.build();
    }

    private static Optional<EndpointPort> port(Fields p) {
        int before = p.report().count();
        Optional<String> name = p.requiredString("name", "port name is required");
        name.filter(n -> !Names.isPortName(n)).ifPresent(n -> p.problem("name",
                Names.quote(n) + " is not a valid port name: " + Names.PORT_NAME_RULE));
        Optional<Protocol> protocol = Optional.empty();
        if (!p.has("protocol")) {
            p.problem("protocol", "protocol is required: TCP, UDP or SCTP");
        } else {
            protocol = p.get("protocol").flatMap(n -> ProtocolField.read(n, p.path("protocol"), p.report()));
            protocol.filter(pr -> !pr.supportsPorts()).ifPresent(pr -> p.problem("protocol",
                    "protocol " + pr + " has no ports; use TCP, UDP or SCTP"));
        }
        Optional<Long> port = p.integer("port");
        if (!p.has("port")) {
            p.problem("port", "port is required");
        } else {
            port.filter(n -> n < 1 || n > PortField.MAX_PORT).ifPresent(n -> p.problem("port",
                    "port must be 1..65535, got " + n));
        }
        if (p.report().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new EndpointPort(name.orElseThrow(), protocol.orElseThrow(), port.orElseThrow().intValue()));
    }
}
