package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code Profile}: rules evaluated after policy (normal stage only) and labels applied to its endpoints.
 *
 * @param name {@code metadata.name}
 * @param labels {@code metadata.labels}
 * @param ingress ingress rules
 * @param egress egress rules
 * @param labelsToApply labels the profile gives the endpoints that name it
 */
public record Profile(
        String name,
        ImmutableSortedMap<String, String> labels,
        ImmutableList<Rule> ingress,
        ImmutableList<Rule> egress,
        ImmutableSortedMap<String, String> labelsToApply) implements Resource {

    /** Calico's built-in allow-all profile; always present even when no manifest defines it. */
    public static final String DEFAULT_ALLOW = "projectcalico-default-allow";

    /**
     * Checks Calico's rules (rules are checked as a policy's are).
     *
     * @param name {@code metadata.name}
     * @param labels {@code metadata.labels}
     * @param ingress ingress rules
     * @param egress egress rules
     * @param labelsToApply labels the profile gives the endpoints that name it
     * @throws InvalidResourceException if one is broken; the field is relative to the resource, e.g.
     *                                  {@code spec.egress[0].http}
     */
    public Profile {
        Checks.nonNull(name, "name");
        labels = Checks.map(labels, "labels");
        ingress = Checks.list(ingress, "ingress");
        egress = Checks.list(egress, "egress");
        labelsToApply = Checks.map(labelsToApply, "labelsToApply");
        Checks.metadata(ResourceKind.PROFILE, name, labels);
        Checks.rules(ingress, Direction.INGRESS);
        Checks.rules(egress, Direction.EGRESS);
        Checks.labels(labelsToApply, "spec.labelsToApply", "labelsToApply");
    }

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

    /**
     * The built-in {@code projectcalico-default-allow}: one Allow rule each way.
     *
     * @return the profile
     */
    public static Profile defaultAllow() {
        return builder(DEFAULT_ALLOW).ingress(Rule.of(Action.ALLOW)).egress(Rule.of(Action.ALLOW)).build();
    }

    /**
     * A builder with no labels, rules or labels to apply.
     *
     * @param name {@code metadata.name}
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding this profile's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(name).labels(labels).ingress(ingress).egress(egress).labelsToApply(labelsToApply);
    }

    /** Builds a {@link Profile}; each setter replaces what was set before. */
    public static final class Builder extends ResourceBuilder<Builder> {
        private List<Rule> ingress = new ArrayList<>();
        private List<Rule> egress = new ArrayList<>();
        private final Map<String, String> labelsToApply = new TreeMap<>();

        private Builder(String name) {
            super(name);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Replaces the ingress rules.
         *
         * @param rules the rules
         * @return this builder
         */
        public Builder ingress(Rule... rules) {
            return ingress(Arrays.asList(rules));
        }

        /**
         * Replaces the ingress rules.
         *
         * @param rules the rules
         * @return this builder
         */
        public Builder ingress(Iterable<Rule> rules) {
            ingress = new ArrayList<>(Checks.list(rules, "ingress"));
            return this;
        }

        /**
         * Replaces the egress rules.
         *
         * @param rules the rules
         * @return this builder
         */
        public Builder egress(Rule... rules) {
            return egress(Arrays.asList(rules));
        }

        /**
         * Replaces the egress rules.
         *
         * @param rules the rules
         * @return this builder
         */
        public Builder egress(Iterable<Rule> rules) {
            egress = new ArrayList<>(Checks.list(rules, "egress"));
            return this;
        }

        /**
         * Replaces the labels to apply.
         *
         * @param values the labels
         * @return this builder
         */
        public Builder labelsToApply(Map<String, String> values) {
            Map<String, String> copy = Checks.map(values, "labelsToApply");
            labelsToApply.clear();
            labelsToApply.putAll(copy);
            return this;
        }

        /**
         * The profile.
         *
         * @return the checked profile
         * @throws InvalidResourceException if it breaks one of Calico's rules
         */
        public Profile build() {
            return new Profile(name, ImmutableSortedMap.copyOf(labels), ImmutableList.copyOf(ingress),
                    ImmutableList.copyOf(egress), ImmutableSortedMap.copyOf(labelsToApply));
        }
    }
}
