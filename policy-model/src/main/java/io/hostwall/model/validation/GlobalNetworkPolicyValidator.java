package io.hostwall.model.validation;

import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.ModelRules;
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

        ModelRules.preDnatWithDoNotTrackProblem(preDNAT, doNotTrack).ifPresent(p -> spec.problem("preDNAT", p));
        ModelRules.applyOnForwardProblem(preDNAT, doNotTrack, applyOnForward)
                .ifPresent(p -> spec.problem("applyOnForward", p));
        ModelRules.preDnatEgressRulesProblem(preDNAT, spec.hasItems("egress")).ifPresent(p -> spec.problem("egress", p));
        // Only explicit types: derived ones hold Egress only when there are egress rules, reported just above.
        explicitTypes.flatMap(t -> ModelRules.preDnatEgressTypeProblem(preDNAT, t))
                .ifPresent(p -> spec.problem("types", p));
        if (report.count() != before) {
            return Optional.empty();
        }
        // No types: the record derives them from the rules, as Calico does.
        ImmutableSet<Direction> types = explicitTypes.orElse(ImmutableSet.of());
        return Optional.of(new GlobalNetworkPolicy(meta.name(), meta.labels(), tier, order, selector, types, ingress,
                egress, doNotTrack, preDNAT, applyOnForward, namespaceSelector, serviceAccountSelector, hints));
    }

    private static String tier(Fields spec) {
        Optional<String> tier = spec.nonEmptyString("tier");
        tier.flatMap(ModelRules::tierNameProblem).ifPresent(p -> spec.problem("tier", p));
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
                Optional<String> problem = ModelRules.performanceHintProblem(h);
                if (problem.isPresent()) {
                    spec.report().add(item.node(), item.path(), problem.get());
                } else if (!hints.add(h)) {
                    spec.report().add(item.node(), item.path(), "performance hint " + h + " is listed twice");
                }
            });
        }
        return ImmutableSet.copyOf(hints);
    }
}
