package io.hostwall.model;

import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code GlobalNetworkSet}: labelled CIDRs (bare IPs and host bits canonicalised to networks).
 *
 * @param name {@code metadata.name}
 * @param labels {@code metadata.labels}; not {@value ModelRules#RESERVED_NAMESPACE_LABEL}
 * @param nets the networks
 */
public record GlobalNetworkSet(
        String name,
        ImmutableSortedMap<String, String> labels,
        ImmutableList<Cidr> nets) implements Resource {

    /**
     * Checks the name and labels.
     *
     * @param name {@code metadata.name}
     * @param labels {@code metadata.labels}; not {@value ModelRules#RESERVED_NAMESPACE_LABEL}
     * @param nets the networks
     * @throws InvalidResourceException if one breaks its rule
     */
    public GlobalNetworkSet {
        Checks.nonNull(name, "name");
        labels = Checks.map(labels, "labels");
        nets = Checks.list(nets, "nets");
        Checks.metadata(ResourceKind.GLOBAL_NETWORK_SET, name, labels);
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.GLOBAL_NETWORK_SET;
    }

    /**
     * A builder with no labels and no nets.
     *
     * @param name {@code metadata.name}
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding this set's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(name).labels(labels).nets(nets);
    }

    /** Builds a {@link GlobalNetworkSet}; each setter replaces what was set before. */
    public static final class Builder extends ResourceBuilder<Builder> {
        private List<Cidr> nets = List.of();

        private Builder(String name) {
            super(name);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Replaces the nets.
         *
         * @param cidrs the networks
         * @return this builder
         */
        public Builder nets(Cidr... cidrs) {
            return nets(Arrays.asList(cidrs));
        }

        /**
         * Replaces the nets.
         *
         * @param cidrs the networks
         * @return this builder
         */
        public Builder nets(Iterable<Cidr> cidrs) {
            nets = Checks.list(cidrs, "nets");
            return this;
        }

        /**
         * The network set.
         *
         * @return the checked set
         * @throws InvalidResourceException if it breaks one of Calico's rules
         */
        public GlobalNetworkSet build() {
            return new GlobalNetworkSet(name, ImmutableSortedMap.copyOf(labels), ImmutableList.copyOf(nets));
        }
    }
}
