package io.hostwall.model.validation;

import io.hostwall.model.ModelRules;
import io.hostwall.model.Names;
import io.hostwall.model.Tier;
import io.hostwall.model.TierAction;
import io.hostwall.model.yaml.Fields;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@code Tier}: order, defaultAction (Deny unless Pass), and the fixed values of Calico's reserved tiers. */
final class TierValidator {
    static final ImmutableSet<String> SPEC_FIELDS = ImmutableSet.of("order", "defaultAction");

    private TierValidator() {}

    static Optional<Tier> validate(MetadataValidator.Metadata meta, Fields spec) {
        int before = spec.report().count();
        Optional<Double> order = spec.number("order");
        OptionalDouble orderValue = order.map(OptionalDouble::of).orElse(OptionalDouble.empty());
        Optional<TierAction> action = action(spec);
        // An order that is set but invalid was reported; the reserved-order check is skipped, not repeated.
        if (!spec.has("order") || order.isPresent()) {
            ModelRules.reservedTierOrderProblem(meta.name(), orderValue).ifPresent(p -> spec.problem("order", p));
        }
        // The CRD default (Deny) is applied before Calico checks this, so an omitted action counts as Deny.
        action.flatMap(a -> ModelRules.reservedTierActionProblem(meta.name(), a, !spec.has("defaultAction")))
                .ifPresent(p -> spec.problem("defaultAction", p));
        if (spec.report().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new Tier(meta.name(), meta.labels(), orderValue, action.orElseThrow()));
    }

    /** The defaultAction, Deny when omitted; empty when invalid. */
    private static Optional<TierAction> action(Fields spec) {
        Optional<String> text = spec.string("defaultAction");
        if (spec.has("defaultAction") && text.isEmpty()) {
            return Optional.empty();
        }
        if (text.filter(t -> !t.isEmpty()).isEmpty()) {
            return Optional.of(TierAction.DENY);
        }
        for (TierAction a : TierAction.values()) {
            if (a.manifestName().equals(text.get())) {
                return Optional.of(a);
            }
        }
        spec.problem("defaultAction", "unknown defaultAction " + Names.quote(text.get())
                + "; expected Deny or Pass (case-sensitive)");
        return Optional.empty();
    }
}
