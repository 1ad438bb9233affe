package io.hostwall.model;

import com.google.common.collect.ImmutableSortedMap;
import java.util.OptionalDouble;

/**
 * A {@code Tier}. The {@code default} tier (order 1,000,000, Deny) exists even when no manifest defines it; a
 * missing order sorts last.
 */
public record Tier(
        String name,
        ImmutableSortedMap<String, String> labels,
        OptionalDouble order,
        TierAction defaultAction) implements Resource {

    /** The name of the built-in tier that policies without {@code tier} belong to. */
    public static final String DEFAULT = "default";
    /** The order of the built-in {@code default} tier: after every tier with a smaller order. */
    public static final double DEFAULT_ORDER = 1_000_000;

    @Override
    public ResourceKind kind() {
        return ResourceKind.TIER;
    }

    /** {@return the built-in {@code default} tier} */
    public static Tier defaultTier() {
        return new Tier(DEFAULT, ImmutableSortedMap.of(), OptionalDouble.of(DEFAULT_ORDER), TierAction.DENY);
    }
}
