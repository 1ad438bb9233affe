package io.hostwall.model.validation;

import io.hostwall.model.Names;
import io.hostwall.model.Tier;
import io.hostwall.model.TierAction;
import io.hostwall.model.yaml.Fields;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@code Tier}: order, defaultAction (Deny unless Pass), and the fixed values of Calico's reserved tiers. */
final class TierValidator {
    static final ImmutableSet<String> SPEC_FIELDS = ImmutableSet.of("order", "defaultAction");

    /** Calico's reserved tiers and the order and action each must have (CEL on Tier). */
    private record Reserved(double order, TierAction action) {}

    private static final ImmutableMap<String, Reserved> RESERVED = ImmutableMap.of(
            Tier.DEFAULT, new Reserved(Tier.DEFAULT_ORDER, TierAction.DENY),
            "kube-admin", new Reserved(1_000, TierAction.PASS),
            "kube-baseline", new Reserved(10_000_000, TierAction.PASS));

    private TierValidator() {}

    static Optional<Tier> validate(MetadataValidator.Metadata meta, Fields spec) {
        int before = spec.report().count();
        Optional<Double> order = spec.number("order");
        Optional<TierAction> action = action(spec);
        Reserved reserved = RESERVED.get(meta.name());
        if (reserved != null) {
            if (spec.has("order") && order.isPresent() && order.get() != reserved.order()) {
                spec.problem("order", "the " + Names.quote(meta.name()) + " tier must have order "
                        + (long) reserved.order() + ", got " + number(order.get()));
            } else if (!spec.has("order")) {
                spec.problem("order", "the " + Names.quote(meta.name()) + " tier must have order "
                        + (long) reserved.order() + "; order is not set");
            }
            // The CRD default (Deny) is applied before Calico checks this, so an omitted action counts as Deny.
            action.filter(a -> a != reserved.action()).ifPresent(a -> spec.problem("defaultAction",
                    "the " + Names.quote(meta.name()) + " tier must have defaultAction "
                            + reserved.action().manifestName() + ", got " + a.manifestName()
                            + (spec.has("defaultAction") ? "" : " (the default)")));
        }
        if (spec.report().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new Tier(meta.name(), meta.labels(),
                order.map(OptionalDouble::of).orElse(OptionalDouble.empty()), action.orElseThrow()));
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

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
