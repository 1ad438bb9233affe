package io.hostwall.model.validation;

import io.hostwall.model.EndpointPort;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.ModelRules;
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
        Optional<String> node = spec.requiredString("node", ModelRules.NODE_REQUIRED);
        node.flatMap(ModelRules::nodeProblem).ifPresent(p -> spec.problem("node", p));
        Optional<String> interfaceName = spec.nonEmptyString("interfaceName");
        interfaceName.flatMap(ModelRules::interfaceNameProblem).ifPresent(p -> spec.problem("interfaceName", p));
        ImmutableList<InetAddress> expectedIPs = expectedIPs(spec);
        ModelRules.interfaceOrIpsProblem(interfaceName.isPresent(), spec.hasItems("expectedIPs"))
                .ifPresent(p -> report.add(spec.line(), spec.path(), p));
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
                spec.report().add(item.node(), item.path(),
                        ModelRules.expectedIpRepeatedProblem(text.get(), false).orElseThrow());
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
                Optional<String> problem = ModelRules.profileNameProblem(p);
                if (problem.isEmpty()) {
                    profiles.add(p);
                } else {
                    spec.report().add(item.node(), item.path(), problem.get());
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
        Optional<String> name = p.requiredString("name", ModelRules.PORT_NAME_REQUIRED);
        name.flatMap(ModelRules::endpointPortNameProblem).ifPresent(n -> p.problem("name", n));
        Optional<Protocol> protocol = Optional.empty();
        if (!p.has("protocol")) {
            p.problem("protocol", "protocol is required: TCP, UDP or SCTP");
        } else {
            protocol = p.get("protocol").flatMap(n -> ProtocolField.read(n, p.path("protocol"), p.report()));
            protocol.flatMap(ModelRules::endpointPortProtocolProblem).ifPresent(pr -> p.problem("protocol", pr));
        }
        Optional<Long> port = p.integer("port");
        if (!p.has("port")) {
            p.problem("port", "port is required");
        } else {
            port.flatMap(ModelRules::endpointPortNumberProblem).ifPresent(n -> p.problem("port", n));
        }
        if (p.report().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new EndpointPort(name.orElseThrow(), protocol.orElseThrow(), port.orElseThrow().intValue()));
    }
}
