package io.hostwall.model.validation;

import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Names;
import io.hostwall.model.Rule;
import io.hostwall.model.Tier;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.ProblemReport;
import io.hostwall.model.yaml.Scalars;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hostwall.selector.Selector;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code GlobalNetworkPolicy}: validation (Go validators and the CRD's CEL rules) and Calico's defaults:
 * {@code tier: default}, {@code types} from the rules present, a missing selector is {@code all()}.
 */
final class GlobalNetworkPolicyValidator {
    static final ImmutableSet<String> SPEC_FIELDS = ImmutableSet.of("tier", "order", "selector", "types", "ingress",
            "egress", "doNotTrack", "preDNAT", "applyOnForward", "namespaceSelector", "serviceAccountSelector",
            "performanceHints");
    static final String ASSUME_NEEDED_ON_EVERY_NODE = "AssumeNeededOnEveryNode";

    private GlobalNetworkPolicyValidator() {}

    static Optional<GlobalNetworkPolicy> validate(MetadataValidator.Metadata meta, Fields spec) {
        ProblemReport report = spec.report();
        int before = report.count();
        String tier = tier(spec);
        OptionalDouble order = spec.number("order").map(OptionalDouble::of).orElse(OptionalDouble.empty());
        Selector selector = SelectorField.read(spec, "selector", SelectorField.Global.FORBIDDEN)
                .orElse(Selector.all());
        Optional<Selector> namespaceSelector = SelectorField.read(spec, "namespaceSelector",
                SelectorField.Global.FORBIDDEN);
        Optional<Selector> serviceAccountSelector = SelectorField.read(spec, "serviceAccountSelector",
                SelectorField.Global.FORBIDDEN);
        ImmutableList<Rule> ingress = RuleValidator.rules(spec, "ingress", Direction.INGRESS);
        ImmutableList<Rule> egress = RuleValidator.rules(spec, "egress", Direction.EGRESS);
        boolean doNotTrack = spec.flag("doNotTrack");
        boolean preDNAT = spec.flag("preDNAT");
        boolean applyOnForward = spec.flag("applyOnForward");
        Optional<ImmutableSet<Direction>> explicitTypes = types(spec);
        ImmutableSet<String> hints = performanceHints(spec);

        if (preDNAT && doNotTrack) {
            spec.problem("preDNAT", "preDNAT and doNotTrack cannot both be true");
        }
        if ((preDNAT || doNotTrack) && !applyOnForward) {
            spec.problem("applyOnForward", "applyOnForward must be true when "
                    + (preDNAT ? "preDNAT" : "doNotTrack") + " is true");
        }
        if (preDNAT && spec.hasItems("egress")) {
            spec.problem("egress", "a preDNAT policy cannot have egress rules");
        }
        if (preDNAT && explicitTypes.filter(t -> t.contains(Direction.EGRESS)).isPresent()) {
            spec.problem("types", "a preDNAT policy cannot have the Egress type");
        }
        if (report.count() != before) {
            return Optional.empty();
        }
        ImmutableSet<Direction> types = explicitTypes.orElseGet(() -> defaultTypes(ingress, egress));
        return Optional.of(new GlobalNetworkPolicy(meta.name(), meta.labels(), tier, order, selector, types, ingress,
                egress, doNotTrack, preDNAT, applyOnForward, namespaceSelector, serviceAccountSelector, hints));
    }

    /** Calico's default: the directions that have rules; a policy with no rules is an Ingress policy. */
    static ImmutableSet<Direction> defaultTypes(ImmutableList<Rule> ingress, ImmutableList<Rule> egress) {
        if (!egress.isEmpty() && ingress.isEmpty()) {
            return ImmutableSet.of(Direction.EGRESS);
        }
        if (!egress.isEmpty()) {
            return ImmutableSet.of(Direction.INGRESS, Direction.EGRESS);
        }
        return ImmutableSet.of(Direction.INGRESS);
    }

    private static String tier(Fields spec) {
        Optional<String> tier = spec.nonEmptyString("tier");
        if (tier.isPresent() && !Names.isDnsSubdomain(tier.get())) {
            spec.problem("tier", Names.quote(tier.get()) + " is not a valid tier name: " + Names.SUBDOMAIN_RULE);
        }
        return tier.orElse(Tier.DEFAULT);
    }

    /** Explicit types; {@code []} counts as omitted (Calico drops the empty list before validating). */
    private static Optional<ImmutableSet<Direction>> types(Fields spec) {
        ImmutableList<Fields.Item> items = spec.list("types");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.size() > 2) {
            spec.problem("types", "at most 2 types (Ingress, Egress); got " + items.size());
        }
        Set<Direction> seen = EnumSet.noneOf(Direction.class);
        for (Fields.Item item : items) {
            Optional<String> text = Scalars.string(item.node(), item.path(), spec.report());
            if (text.isEmpty()) {
                continue;
            }
            Optional<Direction> direction = direction(text.get());
            if (direction.isEmpty()) {
                spec.report().add(item.node(), item.path(), "unknown policy type " + Names.quote(text.get())
                        + "; expected Ingress or Egress (case-sensitive)");
            } else if (!seen.add(direction.get())) {
                spec.report().add(item.node(), item.path(), "policy type " + direction.get() + " is listed twice");
            }
        }
        // EnumSet order: Ingress before Egress, whatever the manifest's order.
        return Optional.of(ImmutableSet.copyOf(seen));
    }

    private static Optional<Direction> direction(String text) {
        for (Direction d : Direction.values()) {
            if (d.manifestName().equals(text)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static ImmutableSet<String> performanceHints(Fields spec) {
        Set<String> hints = new LinkedHashSet<>();
        for (Fields.Item item : spec.list("performanceHints")) {
            Scalars.string(item.node(), item.path(), spec.report()).ifPresent(h -> {
                if (!h.equals(ASSUME_NEEDED_ON_EVERY_NODE)) {
                    spec.report().add(item.node(), item.path(), "unknown performance hint " + Names.quote(h)
                            + "; the only one is " + ASSUME_NEEDED_ON_EVERY_NODE);
                } else if (!hints.add(h)) {
                    spec.report().add(item.node(), item.path(), "performance hint " + h + " is listed twice");
                }
            });
        }
        return ImmutableSet.copyOf(hints);
    }
}
