package io.hostwall.model;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A {@code Tier}. The {@code default} tier (order 1,000,000, Deny) exists even when no manifest defines it; a
 * missing order sorts last; an order of {@code -0.0} is stored as {@code 0.0}.
 *
 * @param name {@code metadata.name}, a DNS label
 * @param labels {@code metadata.labels}
 * @param order where the tier sorts; lower first
 * @param defaultAction what happens when no policy of the tier decides
 */
public record Tier(
        String name,
        ImmutableSortedMap<String, String> labels,
        OptionalDouble order,
        TierAction defaultAction) implements Resource {

    /** The name of the default tier. */
    public static final String DEFAULT = "default";
    /** The order of the default tier. */
    public static final double DEFAULT_ORDER = 1_000_000;

    /**
     * Checks Calico's rules, including the fixed order and action of its reserved tiers.
     *
     * @param name {@code metadata.name}, a DNS label
     * @param labels {@code metadata.labels}
     * @param order where the tier sorts; lower first
     * @param defaultAction what happens when no policy of the tier decides
     * @throws InvalidResourceException if one is broken; the field is relative to the resource, e.g.
     *                                  {@code spec.order}
     */
    public Tier {
        Checks.nonNull(name, "name");
        labels = Checks.map(labels, "labels");
        order = Checks.order(order, "spec.order");
        Checks.nonNull(defaultAction, "defaultAction");
        Checks.metadata(ResourceKind.TIER, name, labels);
        Checks.check("spec.order", ModelRules.reservedTierOrderProblem(name, order));
        Checks.check("spec.defaultAction", ModelRules.reservedTierActionProblem(name, defaultAction, false));
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.TIER;
    }

    /**
     * The built-in {@code default} tier.
     *
     * @return the tier
     */
    public static Tier defaultTier() {
        return builder(DEFAULT).order(DEFAULT_ORDER).build();
    }

    /**
     * A builder with the manifest defaults: no order, defaultAction Deny.
     *
     * @param name {@code metadata.name}
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding this tier's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name).labels(labels).defaultAction(defaultAction);
        b.order = order;
        return b;
    }

    /** Builds a {@link Tier}; each setter replaces what was set before. */
    public static final class Builder extends ResourceBuilder<Builder> {
        private OptionalDouble order = OptionalDouble.empty();
        private TierAction defaultAction = TierAction.DENY;

        private Builder(String name) {
            super(name);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the order.
         *
         * @param o the order, a finite number
         * @return this builder
         */
        public Builder order(double o) {
            order = OptionalDouble.of(o);
            return this;
        }

        /**
         * Removes the order (the tier sorts last).
         *
         * @return this builder
         */
        public Builder noOrder() {
            order = OptionalDouble.empty();
            return this;
        }

        /**
         * Sets the default action.
         *
         * @param action Deny or Pass
         * @return this builder
         */
        public Builder defaultAction(TierAction action) {
            defaultAction = Checks.nonNull(action, "defaultAction");
            return this;
        }

        /**
         * The tier.
         *
         * @return the checked tier
         * @throws InvalidResourceException if it breaks one of Calico's rules
         */
        public Tier build() {
            return new Tier(name, ImmutableSortedMap.copyOf(labels), order, defaultAction);
        }
    }
}
