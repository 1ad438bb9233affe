package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.selector.Selector;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A {@code GlobalNetworkPolicy}, validated and defaulted: {@code tier} defaults to {@code default}, {@code types}
 * is never empty (derived from the rules present when omitted: no rules means {@code [Ingress]}), a missing
 * {@code selector} is {@code all()}. A missing {@code order} stays empty and sorts after every ordered policy.
 */
public record GlobalNetworkPolicy(
        String name,
        ImmutableSortedMap<String, String> labels,
        String tier,
        OptionalDouble order,
        Selector selector,
        ImmutableSet<Direction> types,
        ImmutableList<Rule> ingress,
        ImmutableList<Rule> egress,
        boolean doNotTrack,
        boolean preDNAT,
        boolean applyOnForward,
        Optional<Selector> namespaceSelector,
        Optional<Selector> serviceAccountSelector,
        ImmutableSet<String> performanceHints) implements Resource {

    @Override
    public ResourceKind kind() {
        return ResourceKind.GLOBAL_NETWORK_POLICY;
    }

    /**
     * Whether the policy governs a direction ({@code types} lists it).
     *
     * @param direction the direction
     * @return true when {@code types} contains it
     */
    public boolean governs(Direction direction) {
        return types.contains(direction);
    }

    /**
     * The rules of a direction.
     *
     * @param direction the direction
     * @return {@code ingress} or {@code egress}
     */
    public ImmutableList<Rule> rules(Direction direction) {
        return direction == Direction.INGRESS ? ingress : egress;
    }
}
