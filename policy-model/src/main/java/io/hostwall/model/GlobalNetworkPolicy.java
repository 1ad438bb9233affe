package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.selector.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@code GlobalNetworkPolicy}, checked and defaulted: {@code tier} defaults to {@code default}, {@code types}
 * is never empty (derived from the rules present when empty: no rules means {@code [Ingress]}), a missing
 * {@code selector} is {@code all()}. A missing {@code order} stays empty and sorts after every ordered policy; an
 * order of {@code -0.0} is stored as {@code 0.0}.
 *
 * <pre>{@code
 * GlobalNetworkPolicy p = GlobalNetworkPolicy.builder("allow-ssh")
 *         .order(100)
 *         .selector("has(host-endpoint)")
 *         .ingress(Rule.allow().protocol(Protocol.TCP)
 *                 .destination(EntityRule.builder().ports(PortSpec.port(22)).build()).build())
 *         .build();
 * }</pre>
 *
 * @param name {@code metadata.name}
 * @param labels {@code metadata.labels}
 * @param tier the tier the policy belongs to
 * @param order where the policy sorts in its tier; lower first
 * @param selector the endpoints the policy applies to
 * @param types the directions the policy governs, in Ingress, Egress order
 * @param ingress ingress rules
 * @param egress egress rules
 * @param doNotTrack whether the policy applies before connection tracking (untracked)
 * @param preDNAT whether the policy applies before DNAT (ingress only)
 * @param applyOnForward whether the policy also applies to forwarded traffic
 * @param namespaceSelector namespaces whose workloads it applies to (not enforceable on host endpoints)
 * @param serviceAccountSelector service accounts it applies to (not enforceable on host endpoints)
 * @param performanceHints Calico's performance hints
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

    /**
     * Checks Calico's rules and applies its defaults ({@code types} from the rules when empty, {@code -0.0} order
     * as {@code 0.0}).
     *
     * @param name {@code metadata.name}
     * @param labels {@code metadata.labels}
     * @param tier the tier the policy belongs to
     * @param order where the policy sorts in its tier; lower first
     * @param selector the endpoints the policy applies to
     * @param types the directions the policy governs, in Ingress, Egress order
     * @param ingress ingress rules
     * @param egress egress rules
     * @param doNotTrack whether the policy applies before connection tracking (untracked)
     * @param preDNAT whether the policy applies before DNAT (ingress only)
     * @param applyOnForward whether the policy also applies to forwarded traffic
     * @param namespaceSelector namespaces whose workloads it applies to (not enforceable on host endpoints)
     * @param serviceAccountSelector service accounts it applies to (not enforceable on host endpoints)
     * @param performanceHints Calico's performance hints
     * @throws InvalidResourceException if a rule is broken; the field is relative to the resource, e.g.
     *                                  {@code spec.applyOnForward}
     */
    public GlobalNetworkPolicy {
        Checks.nonNull(name, "name");
        labels = Checks.map(labels, "labels");
        Checks.nonNull(tier, "tier");
        order = Checks.order(order, "spec.order");
        Checks.nonNull(selector, "selector");
        ingress = Checks.list(ingress, "ingress");
        egress = Checks.list(egress, "egress");
        types = Checks.list(Checks.nonNull(types, "types"), "types").isEmpty() ? defaultTypes(ingress, egress)
                : ImmutableSet.copyOf(EnumSet.copyOf(types));
        Checks.nonNull(namespaceSelector, "namespaceSelector");
        Checks.nonNull(serviceAccountSelector, "serviceAccountSelector");
        performanceHints = ImmutableSet.copyOf(Checks.list(performanceHints, "performanceHints"));

        Checks.metadata(ResourceKind.GLOBAL_NETWORK_POLICY, name, labels);
        Checks.check("spec.tier", ModelRules.tierNameProblem(tier));
        Checks.check("spec.selector", ModelRules.globalOutsideNamespaceSelectorProblem(selector.toString()));
        if (namespaceSelector.isPresent()) {
            Checks.check("spec.namespaceSelector",
                    ModelRules.globalOutsideNamespaceSelectorProblem(namespaceSelector.get().toString()));
        }
        if (serviceAccountSelector.isPresent()) {
            Checks.check("spec.serviceAccountSelector",
                    ModelRules.globalOutsideNamespaceSelectorProblem(serviceAccountSelector.get().toString()));
        }
        Checks.rules(ingress, Direction.INGRESS);
        Checks.rules(egress, Direction.EGRESS);
        List<String> hints = performanceHints.asList();
        for (int i = 0; i < hints.size(); i++) {
            Checks.check("spec.performanceHints[" + i + "]", ModelRules.performanceHintProblem(hints.get(i)));
        }
        Checks.check("spec.preDNAT", ModelRules.preDnatWithDoNotTrackProblem(preDNAT, doNotTrack));
        Checks.check("spec.applyOnForward", ModelRules.applyOnForwardProblem(preDNAT, doNotTrack, applyOnForward));
        Checks.check("spec.egress", ModelRules.preDnatEgressRulesProblem(preDNAT, !egress.isEmpty()));
        Checks.check("spec.types", ModelRules.preDnatEgressTypeProblem(preDNAT, types));
    }

    /**
     * Calico's default types: the directions that have rules; a policy with no rules is an Ingress policy.
     *
     * @param ingress the ingress rules
     * @param egress the egress rules
     * @return the types a policy with these rules governs when none are given
     */
    public static ImmutableSet<Direction> defaultTypes(List<Rule> ingress, List<Rule> egress) {
        if (!egress.isEmpty() && ingress.isEmpty()) {
            return ImmutableSet.of(Direction.EGRESS);
        }
        if (!egress.isEmpty()) {
            return ImmutableSet.of(Direction.INGRESS, Direction.EGRESS);
        }
        return ImmutableSet.of(Direction.INGRESS);
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.GLOBAL_NETWORK_POLICY;
    }

    /**
     * Whether the policy governs a direction.
     *
     * @param direction the direction
     * @return whether {@code types} contains it
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

    /**
     * A builder with the manifest defaults: tier {@code default}, no order, selector {@code all()}, types from the
     * rules, no rules, no flags.
     *
     * @param name {@code metadata.name}
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding this policy's values, {@code types} included as they are.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name).labels(labels).tier(tier).selector(selector).ingress(ingress).egress(egress)
                .doNotTrack(doNotTrack).preDNAT(preDNAT).applyOnForward(applyOnForward)
                .namespaceSelector(namespaceSelector).serviceAccountSelector(serviceAccountSelector)
                .performanceHints(performanceHints);
        b.order = order;
        b.types = EnumSet.copyOf(types);
        return b;
    }

    /** Builds a {@link GlobalNetworkPolicy}; each setter replaces what was set before. */
    public static final class Builder extends ResourceBuilder<Builder> {
        private String tier = Tier.DEFAULT;
        private OptionalDouble order = OptionalDouble.empty();
        private Selector selector = Selector.all();
        private Set<Direction> types = EnumSet.noneOf(Direction.class);
        private List<Rule> ingress = new ArrayList<>();
        private List<Rule> egress = new ArrayList<>();
        private boolean doNotTrack;
        private boolean preDNAT;
        private boolean applyOnForward;
        private Optional<Selector> namespaceSelector = Optional.empty();
        private Optional<Selector> serviceAccountSelector = Optional.empty();
        private List<String> performanceHints = new ArrayList<>();

        private Builder(String name) {
            super(name);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the tier.
         *
         * @param t the tier's name
         * @return this builder
         */
        public Builder tier(String t) {
            tier = Checks.nonNull(t, "tier");
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
         * Removes the order (the policy sorts after every ordered one).
         *
         * @return this builder
         */
        public Builder noOrder() {
            order = OptionalDouble.empty();
            return this;
        }

        /**
         * Sets the selector.
         *
         * @param s the selector
         * @return this builder
         */
        public Builder selector(Selector s) {
            selector = Checks.nonNull(s, "selector");
            return this;
        }

        /**
         * Sets the selector, parsed.
         *
         * @param s the selector text
         * @return this builder
         * @throws io.hostwall.selector.SelectorSyntaxException if it does not parse
         */
        public Builder selector(String s) {
            return selector(Selector.parse(s));
        }

        /**
         * Sets the types explicitly; none means "from the rules".
         *
         * @param directions the directions governed
         * @return this builder
         */
        public Builder types(Direction... directions) {
            types = EnumSet.noneOf(Direction.class);
            types.addAll(Checks.list(Arrays.asList(directions), "types"));
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
         * Sets {@code doNotTrack} (which needs {@code applyOnForward}).
         *
         * @param value the flag
         * @return this builder
         */
        public Builder doNotTrack(boolean value) {
            doNotTrack = value;
            return this;
        }

        /**
         * Sets {@code preDNAT} (which needs {@code applyOnForward}).
         *
         * @param value the flag
         * @return this builder
         */
        public Builder preDNAT(boolean value) {
            preDNAT = value;
            return this;
        }

        /**
         * Sets {@code applyOnForward}.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder applyOnForward(boolean value) {
            applyOnForward = value;
            return this;
        }

        /**
         * Sets or clears {@code namespaceSelector}.
         *
         * @param s the selector, or empty for none
         * @return this builder
         */
        public Builder namespaceSelector(Optional<Selector> s) {
            namespaceSelector = Checks.nonNull(s, "namespaceSelector");
            return this;
        }

        /**
         * Sets or clears {@code serviceAccountSelector}.
         *
         * @param s the selector, or empty for none
         * @return this builder
         */
        public Builder serviceAccountSelector(Optional<Selector> s) {
            serviceAccountSelector = Checks.nonNull(s, "serviceAccountSelector");
            return this;
        }

        /**
         * Replaces the performance hints.
         *
         * @param hints the hints
         * @return this builder
         */
        public Builder performanceHints(Iterable<String> hints) {
            performanceHints = new ArrayList<>(Checks.list(hints, "performanceHints"));
            return this;
        }

        /**
         * The policy.
         *
         * @return the checked policy
         * @throws InvalidResourceException if it breaks one of Calico's rules
         */
        public GlobalNetworkPolicy build() {
            return new GlobalNetworkPolicy(name, ImmutableSortedMap.copyOf(labels), tier, order, selector,
                    ImmutableSet.copyOf(types), ImmutableList.copyOf(ingress), ImmutableList.copyOf(egress),
                    doNotTrack, preDNAT, applyOnForward, namespaceSelector, serviceAccountSelector,
                    ImmutableSet.copyOf(performanceHints));
        }
    }
}
