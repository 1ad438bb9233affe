package io.hostwall.model.validation;

import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.ModelRules;
import io.hostwall.model.Protocol;
import io.hostwall.model.yaml.Fields;
import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;

/**
 * {@code FelixConfiguration}: only the failsafe port lists matter to hostwall. The resource has many other fields;
 * they may be present (and must be well-formed YAML/JSON) but are not interpreted.
 */
final class FelixConfigurationValidator {
    static final String INBOUND = "failsafeInboundHostPorts";
    static final String OUTBOUND = "failsafeOutboundHostPorts";
    private static final ImmutableSet<String> PROTO_PORT_FIELDS = ImmutableSet.of("protocol", "port", "net");

    private FelixConfigurationValidator() {}

    static Optional<FelixConfiguration> validate(MetadataValidator.Metadata meta, Fields spec) {
        int before = spec.report().count();
        Optional<ImmutableList<FailsafePort>> inbound = failsafes(spec, INBOUND);
        Optional<ImmutableList<FailsafePort>> outbound = failsafes(spec, OUTBOUND);
        if (spec.report().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new FelixConfiguration(meta.name(), meta.labels(), inbound, outbound));
    }

    /** Absent keeps Felix's defaults; {@code []} disables failsafes in that direction. */
    private static Optional<ImmutableList<FailsafePort>> failsafes(Fields spec, String key) {
        return spec.optionalList(key).map(items -> {
            ImmutableList.Builder<FailsafePort> ports = ImmutableList.builder();
            for (Fields.Item item : items) {
                Fields.of(item.node(), item.path(), spec.report(), PROTO_PORT_FIELDS)
                        .flatMap(FelixConfigurationValidator::protoPort).ifPresent(ports::add);
            }
            return ports.build();
        });
    }

    /**
     * Calico's validateProtoPort: protocol exactly TCP, UDP or SCTP (no default, despite the field comment), port
     * 0..65535; the net is parsed as Felix parses it (a CIDR or an IP, host bits masked).
     */
    private static Optional<FailsafePort> protoPort(Fields p) {
        int before = p.report().count();
        Optional<Protocol> protocol = p.requiredString("protocol", "protocol is required: TCP, UDP or SCTP")
                .flatMap(text -> {
                    Optional<String> problem = ModelRules.failsafeProtocolProblem(text);
                    problem.ifPresent(m -> p.problem("protocol", m));
                    return problem.isPresent() ? Optional.empty() : Protocol.fromCalicoName(text);
                });
        Optional<Long> port = p.integer("port");
        if (!p.has("port")) {
            p.problem("port", "port is required");
        } else {
            port.flatMap(ModelRules::failsafePortProblem).ifPresent(m -> p.problem("port", m));
        }
        Optional<Cidr> net = p.get("net").flatMap(n -> p.nonEmptyString("net")
                .flatMap(t -> NetField.lenient(n, p.path("net"), p.report(), "a CIDR or IP address")));
        if (p.report().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new FailsafePort(protocol.orElseThrow(), port.orElseThrow().intValue(), net));
    }
}
