package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;

/** A {@code Profile}: rules evaluated after policy (normal stage only) and labels applied to its endpoints. */
public record Profile(
        String name,
        ImmutableSortedMap<String, String> labels,
        ImmutableList<Rule> ingress,
        ImmutableList<Rule> egress,
        ImmutableSortedMap<String, String> labelsToApply) implements Resource {

    /** Calico's built-in allow-all profile; always present even when no manifest defines it. */
    public static final String DEFAULT_ALLOW = "projectcalico-default-allow";

    @Override
    public ResourceKind kind() {
        return ResourceKind.PROFILE;
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

    /** {@return the built-in {@code projectcalico-default-allow}: one Allow rule each way} */
    public static Profile defaultAllow() {
        return new Profile(DEFAULT_ALLOW, ImmutableSortedMap.of(), ImmutableList.of(Rule.of(Action.ALLOW)),
                ImmutableList.of(Rule.of(Action.ALLOW)), ImmutableSortedMap.of());
    }
}
