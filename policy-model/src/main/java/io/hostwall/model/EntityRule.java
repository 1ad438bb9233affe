package io.hostwall.model;

import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableList;
import io.hostwall.selector.Global;
import io.hostwall.selector.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A rule's {@code source} or {@code destination}. Every criterion present must match (AND); within
 * {@code nets} and {@code ports} any entry may match (OR); {@code notNets}/{@code notPorts} match when none does.
 * An absent side is {@link #ANY}.
 *
 * @param nets CIDRs, any of which the address must be in (at most 256)
 * @param notNets CIDRs the address must not be in (at most 256, none matching every address)
 * @param selector endpoints or network sets selected by labels ({@code global()} not allowed)
 * @param notSelector endpoints or network sets not selected
 * @param namespaceSelector namespaces ({@code global()} only as the whole selector)
 * @param ports ports, any of which must match (at most 50)
 * @param notPorts ports none of which may match (at most 50)
 * @param serviceAccounts service accounts (not enforceable on host endpoints)
 * @param services a Kubernetes service (not enforceable on host endpoints; excludes the fields that select)
 */
public record EntityRule(
        ImmutableList<Cidr> nets,
        ImmutableList<Cidr> notNets,
        Optional<Selector> selector,
        Optional<Selector> notSelector,
        Optional<Selector> namespaceSelector,
        ImmutableList<PortSpec> ports,
        ImmutableList<PortSpec> notPorts,
        Optional<ServiceAccountMatch> serviceAccounts,
        Optional<ServiceMatch> services) {

    /** The side that constrains nothing. */
    public static final EntityRule ANY = builder().build();

    /**
     * Checks Calico's rules for one side.
     *
     * @param nets CIDRs, any of which the address must be in (at most 256)
     * @param notNets CIDRs the address must not be in (at most 256, none matching every address)
     * @param selector endpoints or network sets selected by labels ({@code global()} not allowed)
     * @param notSelector endpoints or network sets not selected
     * @param namespaceSelector namespaces ({@code global()} only as the whole selector)
     * @param ports ports, any of which must match (at most 50)
     * @param notPorts ports none of which may match (at most 50)
     * @param serviceAccounts service accounts (not enforceable on host endpoints)
     * @param services a Kubernetes service (not enforceable on host endpoints; excludes the fields that select)
     * @throws InvalidResourceException if one is broken; the field is relative to this side, e.g. {@code notNets[0]}
     */
    public EntityRule {
        nets = Checks.list(nets, "nets");
        notNets = Checks.list(notNets, "notNets");
        Checks.nonNull(selector, "selector");
        Checks.nonNull(notSelector, "notSelector");
        Checks.nonNull(namespaceSelector, "namespaceSelector");
        ports = Checks.list(ports, "ports");
        notPorts = Checks.list(notPorts, "notPorts");
        Checks.nonNull(serviceAccounts, "serviceAccounts");
        Checks.nonNull(services, "services");

        Checks.check("nets", ModelRules.netCountProblem(nets.size()));
        Checks.check("notNets", ModelRules.netCountProblem(notNets.size()));
        for (int i = 0; i < notNets.size(); i++) {
            Checks.check("notNets[" + i + "]", ModelRules.notNetProblem(notNets.get(i)));
        }
        // Selectors keep their canonical text only; literals survive canonicalisation, so Calico's substring test
        // on the written text gives the same answer on it.
        if (selector.isPresent()) {
            Checks.check("selector", ModelRules.globalOutsideNamespaceSelectorProblem(selector.get().toString()));
        }
        if (namespaceSelector.isPresent()) {
            Checks.check("namespaceSelector", ModelRules.globalNotAloneProblem(namespaceSelector.get().toString(),
                    namespaceSelector.get().ast() instanceof Global));
        }
        Checks.check("ports", ModelRules.portCountProblem(ports.size()));
        Checks.check("notPorts", ModelRules.portCountProblem(notPorts.size()));
        if (services.isPresent()) {
            List<String> clashes = new ArrayList<>();
            addIf(clashes, "nets", !nets.isEmpty());
            addIf(clashes, "notNets", !notNets.isEmpty());
            addIf(clashes, "selector", selector.isPresent());
            addIf(clashes, "notSelector", notSelector.isPresent());
            addIf(clashes, "namespaceSelector", namespaceSelector.isPresent());
            addIf(clashes, "serviceAccounts", serviceAccounts.isPresent());
            Checks.check("", ModelRules.servicesClashProblem(clashes));
        }
    }

    private static void addIf(List<String> list, String field, boolean set) {
        if (set) {
            list.add(field);
        }
    }

    /**
     * True when this side constrains nothing.
     *
     * @return whether this side equals {@link #ANY}
     */
    public boolean isAny() {
        return equals(ANY);
    }

    /**
     * A builder with nothing set (a side that constrains nothing).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this side's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().nets(nets).notNets(notNets).selector(selector).notSelector(notSelector)
                .namespaceSelector(namespaceSelector).ports(ports).notPorts(notPorts).serviceAccounts(serviceAccounts)
                .services(services);
    }

    /** Builds an {@link EntityRule}; each setter replaces what was set before. */
    public static final class Builder {
        private List<Cidr> nets = List.of();
        private List<Cidr> notNets = List.of();
        private Optional<Selector> selector = Optional.empty();
        private Optional<Selector> notSelector = Optional.empty();
        private Optional<Selector> namespaceSelector = Optional.empty();
        private List<PortSpec> ports = List.of();
        private List<PortSpec> notPorts = List.of();
        private Optional<ServiceAccountMatch> serviceAccounts = Optional.empty();
        private Optional<ServiceMatch> services = Optional.empty();

        private Builder() {}

        /**
         * Sets {@code nets}.
         *
         * @param cidrs the nets
         * @return this builder
         */
        public Builder nets(Cidr... cidrs) {
            return nets(Arrays.asList(cidrs));
        }

        /**
         * Sets {@code nets}.
         *
         * @param cidrs the nets
         * @return this builder
         */
        public Builder nets(Iterable<Cidr> cidrs) {
            nets = Checks.list(cidrs, "nets");
            return this;
        }

        /**
         * Sets {@code notNets}.
         *
         * @param cidrs the nets
         * @return this builder
         */
        public Builder notNets(Cidr... cidrs) {
            return notNets(Arrays.asList(cidrs));
        }

        /**
         * Sets {@code notNets}.
         *
         * @param cidrs the nets
         * @return this builder
         */
        public Builder notNets(Iterable<Cidr> cidrs) {
            notNets = Checks.list(cidrs, "notNets");
            return this;
        }

        /**
         * Sets {@code selector}.
         *
         * @param s the selector
         * @return this builder
         */
        public Builder selector(Selector s) {
            return selector(Optional.of(s));
        }

        /**
         * Sets {@code selector}, parsed.
         *
         * @param s the selector text
         * @return this builder
         * @throws io.hostwall.selector.SelectorSyntaxException if it does not parse
         */
        public Builder selector(String s) {
            return selector(Selector.parse(s));
        }

        /**
         * Sets or clears {@code selector}.
         *
         * @param s the selector, or empty for none
         * @return this builder
         */
        public Builder selector(Optional<Selector> s) {
            selector = Checks.nonNull(s, "selector");
            return this;
        }

        /**
         * Sets {@code notSelector}.
         *
         * @param s the selector
         * @return this builder
         */
        public Builder notSelector(Selector s) {
            return notSelector(Optional.of(s));
        }

        /**
         * Sets {@code notSelector}, parsed.
         *
         * @param s the selector text
         * @return this builder
         * @throws io.hostwall.selector.SelectorSyntaxException if it does not parse
         */
        public Builder notSelector(String s) {
            return notSelector(Selector.parse(s));
        }

        /**
         * Sets or clears {@code notSelector}.
         *
         * @param s the selector, or empty for none
         * @return this builder
         */
        public Builder notSelector(Optional<Selector> s) {
            notSelector = Checks.nonNull(s, "notSelector");
            return this;
        }

        /**
         * Sets {@code namespaceSelector}.
         *
         * @param s the selector
         * @return this builder
         */
        public Builder namespaceSelector(Selector s) {
            return namespaceSelector(Optional.of(s));
        }

        /**
         * Sets {@code namespaceSelector}, parsed.
         *
         * @param s the selector text
         * @return this builder
         * @throws io.hostwall.selector.SelectorSyntaxException if it does not parse
         */
        public Builder namespaceSelector(String s) {
            return namespaceSelector(Selector.parse(s));
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
         * Sets {@code ports}.
         *
         * @param specs the ports
         * @return this builder
         */
        public Builder ports(PortSpec... specs) {
            return ports(Arrays.asList(specs));
        }

        /**
         * Sets {@code ports}.
         *
         * @param specs the ports
         * @return this builder
         */
        public Builder ports(Iterable<PortSpec> specs) {
            ports = Checks.list(specs, "ports");
            return this;
        }

        /**
         * Sets {@code notPorts}.
         *
         * @param specs the ports
         * @return this builder
         */
        public Builder notPorts(PortSpec... specs) {
            return notPorts(Arrays.asList(specs));
        }

        /**
         * Sets {@code notPorts}.
         *
         * @param specs the ports
         * @return this builder
         */
        public Builder notPorts(Iterable<PortSpec> specs) {
            notPorts = Checks.list(specs, "notPorts");
            return this;
        }

        /**
         * Sets or clears {@code serviceAccounts}.
         *
         * @param match the match, or empty for none
         * @return this builder
         */
        public Builder serviceAccounts(Optional<ServiceAccountMatch> match) {
            serviceAccounts = Checks.nonNull(match, "serviceAccounts");
            return this;
        }

        /**
         * Sets or clears {@code services}.
         *
         * @param match the match, or empty for none
         * @return this builder
         */
        public Builder services(Optional<ServiceMatch> match) {
            services = Checks.nonNull(match, "services");
            return this;
        }

        /**
         * The side.
         *
         * @return the checked side
         * @throws InvalidResourceException if it breaks one of Calico's rules
         */
        public EntityRule build() {
            return new EntityRule(ImmutableList.copyOf(nets), ImmutableList.copyOf(notNets), selector, notSelector,
                    namespaceSelector, ImmutableList.copyOf(ports), ImmutableList.copyOf(notPorts), serviceAccounts,
                    services);
        }
    }
}
