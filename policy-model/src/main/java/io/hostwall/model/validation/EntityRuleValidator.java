package io.hostwall.model.validation;

import io.hostwall.model.EntityRule;
import io.hostwall.model.ModelRules;
import io.hostwall.model.PortSpec;
import io.hostwall.model.ServiceAccountMatch;
import io.hostwall.model.ServiceMatch;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.ManifestNode;
import io.hostwall.model.yaml.ProblemReport;
import io.hostwall.model.yaml.Scalars;
import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hostwall.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** A rule's {@code source} or {@code destination}: the checks that need only that side. */
final class EntityRuleValidator {
    static final ImmutableSet<String> FIELDS = ImmutableSet.of("nets", "notNets", "selector", "notSelector",
            "namespaceSelector", "ports", "notPorts", "serviceAccounts", "services");
    private static final ImmutableSet<String> SERVICE_ACCOUNT_FIELDS = ImmutableSet.of("names", "selector");
    private static final ImmutableSet<String> SERVICE_FIELDS = ImmutableSet.of("name", "namespace");
    /** Fields Calico's CEL rule forbids next to {@code services} on the same side. */
    private static final ImmutableList<String> NOT_WITH_SERVICES = ImmutableList.of("nets", "notNets", "selector",
            "notSelector", "namespaceSelector", "serviceAccounts");
    /**
     * The decoded side, with its fields so the rule can place cross-field problems. The {@link EntityRule} is built
     * only when nothing was reported, so that the record's own checks never see a state already reported.
     */
    record Side(ImmutableList<Cidr> nets, ImmutableList<Cidr> notNets, Optional<Selector> selector,
            Optional<Selector> notSelector, Optional<Selector> namespaceSelector, ImmutableList<PortSpec> ports,
            ImmutableList<PortSpec> notPorts, Optional<ServiceAccountMatch> serviceAccounts,
            Optional<ServiceMatch> services, FieldPath path, Optional<Fields> fields) {

        static Side any(FieldPath path) {
            return new Side(ImmutableList.of(), ImmutableList.of(), Optional.empty(), Optional.empty(),
                    Optional.empty(), ImmutableList.of(), ImmutableList.of(), Optional.empty(), Optional.empty(), path,
                    Optional.empty());
        }

        /** The side as a model record; call only when no problem was reported for it. */
        EntityRule entity() {
            return new EntityRule(nets, notNets, selector, notSelector, namespaceSelector, ports, notPorts,
                    serviceAccounts, services);
        }

        /** True when {@code key} is set to something Calico would keep (not null, "" or []). */
        boolean has(String key) {
            return fields.flatMap(f -> f.get(key)).filter(Side::meaningful).isPresent();
        }

        int line(String key, int fallback) {
            return fields.map(f -> f.line(key)).orElse(fallback);
        }

        private static boolean meaningful(ManifestNode node) {
            if (node instanceof ManifestNode.Sequence s) {
                return !s.items().isEmpty();
            }
            return !(node instanceof ManifestNode.Scalar s && s.type() == ManifestNode.ScalarType.STRING
                    && s.text().isEmpty());
        }
    }

    private EntityRuleValidator() {}

    static Side read(Fields rule, String key) {
        FieldPath path = rule.path(key);
        Optional<Fields> side = rule.mapping(key, FIELDS);
        if (side.isEmpty()) {
            return Side.any(path);
        }
        Fields f = side.get();
        ImmutableList<Cidr> nets = capped(f, "nets", ModelRules::netCountProblem, NetField::strict);
        ImmutableList<Cidr> notNets = capped(f, "notNets", ModelRules::netCountProblem, EntityRuleValidator::notNet);
        Optional<Selector> selector = SelectorField.read(f, "selector", SelectorField.Global.FORBIDDEN);
        Optional<Selector> notSelector = SelectorField.read(f, "notSelector", SelectorField.Global.UNCHECKED);
        Optional<Selector> namespaceSelector = SelectorField.read(f, "namespaceSelector",
                SelectorField.Global.ONLY_ALONE);
        ImmutableList<PortSpec> ports = capped(f, "ports", ModelRules::portCountProblem, PortField::read);
        ImmutableList<PortSpec> notPorts = capped(f, "notPorts", ModelRules::portCountProblem, PortField::read);
        Optional<ServiceAccountMatch> serviceAccounts = serviceAccounts(f);
        Optional<ServiceMatch> services = services(f);
        Side result = new Side(nets, notNets, selector, notSelector, namespaceSelector, ports, notPorts,
                serviceAccounts, services, path, side);
        if (result.has("services")) {
            List<String> clashes = new ArrayList<>();
            for (String other : NOT_WITH_SERVICES) {
                if (result.has(other)) {
                    clashes.add(other);
                }
            }
            ModelRules.servicesClashProblem(clashes).ifPresent(p -> f.report().add(f.line("services"), path, p));
        }
        return result;
    }

    private static <T> ImmutableList<T> capped(Fields f, String key, IntFunction<Optional<String>> countProblem,
            ReadItem<T> reader) {
        ImmutableList<Fields.Item> items = f.list(key);
        countProblem.apply(items.size()).ifPresent(p -> f.problem(key, p));
        ImmutableList.Builder<T> out = ImmutableList.builder();
        for (Fields.Item item : items) {
            reader.read(item.node(), item.path(), f.report()).ifPresent(out::add);
        }
        return out.build();
    }

    /** Reads one list element. */
    @FunctionalInterface
    interface ReadItem<T> {
        Optional<T> read(ManifestNode node, FieldPath path, ProblemReport report);
    }

    /** A notNets entry; the catch-all would make the rule match nothing, which Calico refuses. */
    private static Optional<Cidr> notNet(ManifestNode node, FieldPath path, ProblemReport report) {
        Optional<Cidr> cidr = NetField.strict(node, path, report);
        Optional<String> problem = cidr.flatMap(ModelRules::notNetProblem);
        if (problem.isPresent()) {
            report.add(node, path, problem.get());
            return Optional.empty();
        }
        return cidr;
    }

    private static Optional<ServiceAccountMatch> serviceAccounts(Fields f) {
        Optional<Fields> sa = f.mapping("serviceAccounts", SERVICE_ACCOUNT_FIELDS);
        if (sa.isEmpty()) {
            return Optional.empty();
        }
        ImmutableList.Builder<String> names = ImmutableList.builder();
        for (Fields.Item item : sa.get().list("names")) {
            Scalars.string(item.node(), item.path(), f.report()).ifPresent(names::add);
        }
        Optional<Selector> selector = SelectorField.read(sa.get(), "selector", SelectorField.Global.UNCHECKED);
        return Optional.of(new ServiceAccountMatch(names.build(), selector));
    }

    private static Optional<ServiceMatch> services(Fields f) {
        Optional<Fields> svc = f.mapping("services", SERVICE_FIELDS);
        if (svc.isEmpty()) {
            return Optional.empty();
        }
        Fields s = svc.get();
        Optional<String> name = s.requiredString("name", ModelRules.SERVICE_NAME_REQUIRED);
        Optional<String> namespace = s.requiredString("namespace", ModelRules.SERVICE_NAMESPACE_REQUIRED);
        return name.flatMap(n -> namespace.map(ns -> new ServiceMatch(n, ns)));
    }
}
