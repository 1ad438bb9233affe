package io.hostwall.model.validation;

import io.hostwall.model.Action;
import io.hostwall.model.Direction;
import io.hostwall.model.HttpMatch;
import io.hostwall.model.IcmpMatch;
import io.hostwall.model.ModelRules;
import io.hostwall.model.Names;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.Rule;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.ProblemReport;
import io.hostwall.net.IpFamily;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;

/**
 * One policy or profile rule: its own fields, both sides, and Calico's cross-field rules (validateRule and the CEL
 * rules on Rule). Profiles get the same checks as policies; Calico skips the CEL ones for profiles because they have
 * no CRD, and hostwall prefers one meaning for a rule wherever it is written.
 */
final class RuleValidator {
    static final ImmutableSet<String> FIELDS = ImmutableSet.of("action", "ipVersion", "protocol", "notProtocol",
            "icmp", "notICMP", "source", "destination", "http", "metadata");
    private static final ImmutableSet<String> METADATA_FIELDS = ImmutableSet.of("annotations");

    private RuleValidator() {}

    /** The rules of {@code spec.<key>}. */
    static ImmutableList<Rule> rules(Fields spec, String key, Direction direction) {
        ImmutableList<Fields.Item> items = spec.list(key);
        ModelRules.ruleCountProblem(items.size()).ifPresent(p -> spec.problem(key, p));
        ImmutableList.Builder<Rule> rules = ImmutableList.builder();
        for (Fields.Item item : items) {
            rule(item, direction, spec.report()).ifPresent(rules::add);
        }
        return rules.build();
    }

    static Optional<Rule> rule(Fields.Item item, Direction direction, ProblemReport report) {
        Optional<Fields> fields = Fields.of(item.node(), item.path(), report, FIELDS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = report.count();
        Optional<Action> action = action(f);
        Optional<IpFamily> ipVersion = ipVersion(f);
        Optional<Protocol> protocol = f.get("protocol").flatMap(n -> ProtocolField.read(n, f.path("protocol"), report));
        Optional<Protocol> notProtocol = f.get("notProtocol")
                .flatMap(n -> ProtocolField.read(n, f.path("notProtocol"), report));
        // A protocol that is set but invalid was reported; checks that depend on it are skipped, not repeated.
        boolean protocolKnown = protocol.isPresent() || !f.has("protocol");
        Optional<IcmpMatch> icmp = IcmpField.read(f, "icmp");
        Optional<IcmpMatch> notIcmp = IcmpField.read(f, "notICMP");
        EntityRuleValidator.Side source = EntityRuleValidator.read(f, "source");
        EntityRuleValidator.Side destination = EntityRuleValidator.read(f, "destination");
        Optional<HttpMatch> http = HttpMatchValidator.read(f);
        ImmutableSortedMap<String, String> annotations = annotations(f);

        if (protocolKnown) {
            icmpNeedsIcmpProtocol(f, protocol);
            portsNeedPortProtocol(f, protocol, source);
            portsNeedPortProtocol(f, protocol, destination);
            if (f.has("http")) {
                ModelRules.httpProtocolProblem(protocol).ifPresent(p -> f.problem("protocol", p));
            }
        }
        ipVersion.ifPresent(v -> {
            icmpFamily(f, "protocol", protocol, v);
            icmpFamily(f, "notProtocol", notProtocol, v);
        });
        NetFamilies.check(f, ipVersion, source, destination);
        if (f.has("http")) {
            action.flatMap(ModelRules::httpActionProblem).ifPresent(p -> f.problem("action", p));
            ModelRules.httpDirectionProblem(direction).ifPresent(p -> f.problem("http", p));
        }
        services(f, direction, source, destination);

        if (report.count() != before || action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rule(action.get(), protocol, notProtocol, ipVersion, icmp, notIcmp, source.entity(),
                destination.entity(), http, annotations));
    }

    private static Optional<Action> action(Fields f) {
        Optional<String> text = f.requiredString("action", "action is required: Allow, Deny, Log or Pass");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (Action a : Action.values()) {
            if (a.manifestName().equals(text.get())) {
                return Optional.of(a);
            }
        }
        f.problem("action", "unknown action " + Names.quote(text.get())
                + "; expected Allow, Deny, Log or Pass (case-sensitive)");
        return Optional.empty();
    }

    private static Optional<IpFamily> ipVersion(Fields f) {
        Optional<Long> version = f.integer("ipVersion");
        if (version.isEmpty()) {
            return Optional.empty();
        }
        if (version.get() == 4) {
            return Optional.of(IpFamily.V4);
        }
        if (version.get() == 6) {
            return Optional.of(IpFamily.V6);
        }
        f.problem("ipVersion", "ipVersion must be 4 or 6, got " + version.get());
        return Optional.empty();
    }

    private static void icmpNeedsIcmpProtocol(Fields f, Optional<Protocol> protocol) {
        if (!f.has("icmp")) {
            return;
        }
        ModelRules.icmpProtocolProblem(protocol).ifPresent(p -> f.problem("icmp", p));
    }

    private static void icmpFamily(Fields f, String key, Optional<Protocol> protocol, IpFamily version) {
        ModelRules.icmpFamilyProblem(key, protocol, version).ifPresent(p -> f.problem("ipVersion", p));
    }

    /**
     * Numeric ports need TCP/UDP/SCTP; with another protocol even named ports are refused. notProtocol never
     * counts.
     */
    private static void portsNeedPortProtocol(Fields f, Optional<Protocol> protocol, EntityRuleValidator.Side side) {
        portList(f, protocol, side, "ports", side.ports());
        portList(f, protocol, side, "notPorts", side.notPorts());
    }

    private static void portList(Fields f, Optional<Protocol> protocol, EntityRuleValidator.Side side, String key,
            ImmutableList<PortSpec> ports) {
        ModelRules.portProtocolProblem(protocol, ports).ifPresent(p ->
                f.report().add(side.line(key, f.line()), side.path().field(key), p));
    }

    /** Calico's validateGlobalNetworkPolicySpec and the CEL rule on destination services. */
    private static void services(Fields f, Direction direction, EntityRuleValidator.Side source,
            EntityRuleValidator.Side destination) {
        if (source.has("services")) {
            ModelRules.sourceServicesProblem(direction).ifPresent(p ->
                    f.report().add(source.line("services", f.line()), source.path().field("services"), p));
        }
        if (destination.has("services")) {
            ModelRules.destinationServicesProblem(direction).ifPresent(p ->
                    f.report().add(destination.line("services", f.line()), destination.path().field("services"), p));
        }
        ModelRules.servicesWithPortsProblem(destination.has("services"),
                destination.has("ports") || destination.has("notPorts")).ifPresent(p ->
                        f.report().add(destination.line("services", f.line()), destination.path(), p));
    }

    private static ImmutableSortedMap<String, String> annotations(Fields f) {
        Optional<Fields> metadata = f.mapping("metadata", METADATA_FIELDS);
        if (metadata.isEmpty()) {
            return ImmutableSortedMap.of();
        }
        ImmutableList<Fields.KeyValue> entries = metadata.get().stringMap("annotations");
        MetadataValidator.annotations(entries, metadata.get().path("annotations"), metadata.get().line("annotations"),
                f.report());
        ImmutableSortedMap.Builder<String, String> out = ImmutableSortedMap.naturalOrder();
        entries.forEach(kv -> out.put(kv.key(), kv.value()));
        return out.build();
    }
}
