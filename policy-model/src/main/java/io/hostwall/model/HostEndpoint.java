package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@code HostEndpoint}: one interface ({@code interfaceName}), all interfaces ({@code "*"}), or the interface
 * holding one of {@code expectedIPs}, on {@code node}.
 *
 * @param name {@code metadata.name}
 * @param labels {@code metadata.labels}
 * @param node the node the endpoint is on
 * @param interfaceName the interface, or {@code *} for all
 * @param expectedIPs the endpoint's addresses, none twice
 * @param profiles the profiles whose rules and labels apply
 * @param ports named ports rules may refer to
 */
public record HostEndpoint(
        String name,
        ImmutableSortedMap<String, String> labels,
        String node,
        Optional<String> interfaceName,
        ImmutableList<InetAddress> expectedIPs,
        ImmutableList<String> profiles,
        ImmutableList<EndpointPort> ports) implements Resource {

    /** The {@code interfaceName} that means every interface of the node. */
    public static final String ALL_INTERFACES = "*";

    /**
     * Checks Calico's rules.
     *
     * @param name {@code metadata.name}
     * @param labels {@code metadata.labels}
     * @param node the node the endpoint is on
     * @param interfaceName the interface, or {@code *} for all
     * @param expectedIPs the endpoint's addresses, none twice
     * @param profiles the profiles whose rules and labels apply
     * @param ports named ports rules may refer to
     * @throws InvalidResourceException if one is broken; the field is relative to the resource, e.g.
     *                                  {@code spec.node}
     */
    public HostEndpoint {
        Checks.nonNull(name, "name");
        labels = Checks.map(labels, "labels");
        Checks.nonNull(node, "node");
        Checks.nonNull(interfaceName, "interfaceName");
        expectedIPs = Checks.list(expectedIPs, "expectedIPs");
        profiles = Checks.list(profiles, "profiles");
        ports = Checks.list(ports, "ports");

        Checks.metadata(ResourceKind.HOST_ENDPOINT, name, labels);
        Checks.check("spec.node", ModelRules.nodeProblem(node));
        if (interfaceName.isPresent()) {
            Checks.check("spec.interfaceName", ModelRules.interfaceNameProblem(interfaceName.get()));
        }
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < expectedIPs.size(); i++) {
            InetAddress ip = expectedIPs.get(i);
            Checks.check("spec.expectedIPs[" + i + "]",
                    ModelRules.expectedIpRepeatedProblem(InetAddresses.toAddrString(ip), seen.add(ip)));
        }
        Checks.check("spec", ModelRules.interfaceOrIpsProblem(interfaceName.isPresent(), !expectedIPs.isEmpty()));
        for (int i = 0; i < profiles.size(); i++) {
            Checks.check("spec.profiles[" + i + "]", ModelRules.profileNameProblem(profiles.get(i)));
        }
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.HOST_ENDPOINT;
    }

    /**
     * {@code interfaceName: "*"}.
     *
     * @return whether the endpoint is every interface of its node
     */
    public boolean isAllInterfaces() {
        return interfaceName.filter(ALL_INTERFACES::equals).isPresent();
    }

    /**
     * A builder with nothing but the name; {@code node} and one of {@code interfaceName}/{@code expectedIPs} must
     * be set before {@link Builder#build}.
     *
     * @param name {@code metadata.name}
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding this endpoint's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name).labels(labels).node(node).expectedIPs(expectedIPs).profiles(profiles)
                .ports(ports);
        b.interfaceName = interfaceName;
        return b;
    }

    /** Builds a {@link HostEndpoint}; each setter replaces what was set before. */
    public static final class Builder extends ResourceBuilder<Builder> {
        private String node = "";
        private Optional<String> interfaceName = Optional.empty();
        private List<InetAddress> expectedIPs = List.of();
        private List<String> profiles = List.of();
        private List<EndpointPort> ports = List.of();

        private Builder(String name) {
            super(name);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the node.
         *
         * @param n the node's name
         * @return this builder
         */
        public Builder node(String n) {
            node = Checks.nonNull(n, "node");
            return this;
        }

        /**
         * Sets the interface.
         *
         * @param name the interface's name, or {@link #ALL_INTERFACES}
         * @return this builder
         */
        public Builder interfaceName(String name) {
            interfaceName = Optional.of(name);
            return this;
        }

        /**
         * Replaces the expected IPs.
         *
         * @param ips the addresses
         * @return this builder
         */
        public Builder expectedIPs(InetAddress... ips) {
            return expectedIPs(Arrays.asList(ips));
        }

        /**
         * Replaces the expected IPs.
         *
         * @param ips the addresses
         * @return this builder
         */
        public Builder expectedIPs(Iterable<InetAddress> ips) {
            expectedIPs = Checks.list(ips, "expectedIPs");
            return this;
        }

        /**
         * Replaces the profiles.
         *
         * @param names the profile names
         * @return this builder
         */
        public Builder profiles(String... names) {
            return profiles(Arrays.asList(names));
        }

        /**
         * Replaces the profiles.
         *
         * @param names the profile names
         * @return this builder
         */
        public Builder profiles(Iterable<String> names) {
            profiles = Checks.list(names, "profiles");
            return this;
        }

        /**
         * Replaces the named ports.
         *
         * @param values the ports
         * @return this builder
         */
        public Builder ports(EndpointPort... values) {
            return ports(Arrays.asList(values));
        }

        /**
         * Replaces the named ports.
         *
         * @param values the ports
         * @return this builder
         */
        public Builder ports(Iterable<EndpointPort> values) {
            ports = Checks.list(values, "ports");
            return this;
        }

        /**
         * The host endpoint.
         *
         * @return the checked endpoint
         * @throws InvalidResourceException if it breaks one of Calico's rules
         */
        public HostEndpoint build() {
            return new HostEndpoint(name, ImmutableSortedMap.copyOf(labels), node, interfaceName,
                    ImmutableList.copyOf(expectedIPs), ImmutableList.copyOf(profiles), ImmutableList.copyOf(ports));
        }
    }
}
