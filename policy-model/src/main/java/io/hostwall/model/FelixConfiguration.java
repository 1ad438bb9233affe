package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The failsafe fields of a {@code FelixConfiguration}. Absent means "Felix's default list"
 * ({@link #DEFAULT_FAILSAFE_INBOUND_HOST_PORTS}, {@link #DEFAULT_FAILSAFE_OUTBOUND_HOST_PORTS}); present and empty
 * ({@code []}) disables failsafes in that direction.
 *
 * @param name {@code metadata.name} ({@code default} or {@code node.<name>})
 * @param labels {@code metadata.labels}
 * @param failsafeInboundHostPorts inbound failsafe entries, when not Felix's defaults
 * @param failsafeOutboundHostPorts outbound failsafe entries, when not Felix's defaults
 */
public record FelixConfiguration(
        String name,
        ImmutableSortedMap<String, String> labels,
        Optional<ImmutableList<FailsafePort>> failsafeInboundHostPorts,
        Optional<ImmutableList<FailsafePort>> failsafeOutboundHostPorts) implements Resource {

    /**
     * Felix's default {@code FailsafeInboundHostPorts} (HD §2.5): in force where no configuration sets the list.
     * The compiler and the oracle both read it here; it is data, not logic.
     */
    public static final ImmutableList<FailsafePort> DEFAULT_FAILSAFE_INBOUND_HOST_PORTS = ImmutableList.of(
            tcp(22), udp(68), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666), tcp(6667));
    /** Felix's default {@code FailsafeOutboundHostPorts} (HD §2.5). */
    public static final ImmutableList<FailsafePort> DEFAULT_FAILSAFE_OUTBOUND_HOST_PORTS = ImmutableList.of(
            udp(53), udp(67), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666), tcp(6667));

    /**
     * Checks the name and labels (failsafe entries check themselves).
     *
     * @param name {@code metadata.name} ({@code default} or {@code node.<name>})
     * @param labels {@code metadata.labels}
     * @param failsafeInboundHostPorts inbound failsafe entries, when not Felix's defaults
     * @param failsafeOutboundHostPorts outbound failsafe entries, when not Felix's defaults
     * @throws InvalidResourceException if one breaks its rule
     */
    public FelixConfiguration {
        Checks.nonNull(name, "name");
        labels = Checks.map(labels, "labels");
        failsafeInboundHostPorts = Checks.nonNull(failsafeInboundHostPorts, "failsafeInboundHostPorts")
                .map(l -> Checks.list(l, "failsafeInboundHostPorts"));
        failsafeOutboundHostPorts = Checks.nonNull(failsafeOutboundHostPorts, "failsafeOutboundHostPorts")
                .map(l -> Checks.list(l, "failsafeOutboundHostPorts"));
        Checks.metadata(ResourceKind.FELIX_CONFIGURATION, name, labels);
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.FELIX_CONFIGURATION;
    }

    /**
     * A builder with Felix's default failsafe lists.
     *
     * @param name {@code metadata.name}
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name).labels(labels);
        b.inbound = failsafeInboundHostPorts;
        b.outbound = failsafeOutboundHostPorts;
        return b;
    }

    /** Builds a {@link FelixConfiguration}; each setter replaces what was set before. */
    public static final class Builder extends ResourceBuilder<Builder> {
        private Optional<ImmutableList<FailsafePort>> inbound = Optional.empty();
        private Optional<ImmutableList<FailsafePort>> outbound = Optional.empty();

        private Builder(String name) {
            super(name);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the inbound failsafe list (no entries disables inbound failsafes).
         *
         * @param ports the entries
         * @return this builder
         */
        public Builder failsafeInboundHostPorts(FailsafePort... ports) {
            return failsafeInboundHostPorts(Arrays.asList(ports));
        }

        /**
         * Sets the inbound failsafe list (no entries disables inbound failsafes).
         *
         * @param ports the entries
         * @return this builder
         */
        public Builder failsafeInboundHostPorts(Iterable<FailsafePort> ports) {
            inbound = Optional.of(Checks.list(ports, "failsafeInboundHostPorts"));
            return this;
        }

        /**
         * Goes back to Felix's default inbound failsafe list.
         *
         * @return this builder
         */
        public Builder defaultInboundHostPorts() {
            inbound = Optional.empty();
            return this;
        }

        /**
         * Sets the outbound failsafe list (no entries disables outbound failsafes).
         *
         * @param ports the entries
         * @return this builder
         */
        public Builder failsafeOutboundHostPorts(FailsafePort... ports) {
            return failsafeOutboundHostPorts(Arrays.asList(ports));
        }

        /**
         * Sets the outbound failsafe list (no entries disables outbound failsafes).
         *
         * @param ports the entries
         * @return this builder
         */
        public Builder failsafeOutboundHostPorts(Iterable<FailsafePort> ports) {
            outbound = Optional.of(Checks.list(ports, "failsafeOutboundHostPorts"));
            return this;
        }

        /**
         * Goes back to Felix's default outbound failsafe list.
         *
         * @return this builder
         */
        public Builder defaultOutboundHostPorts() {
            outbound = Optional.empty();
            return this;
        }

        /**
         * The configuration.
         *
         * @return the checked configuration
         * @throws InvalidResourceException if it breaks one of Calico's rules
         */
        public FelixConfiguration build() {
            return new FelixConfiguration(name, ImmutableSortedMap.copyOf(labels), inbound, outbound);
        }
    }

    private static FailsafePort tcp(int port) {
        return new FailsafePort(Protocol.TCP, port, Optional.empty());
    }

    private static FailsafePort udp(int port) {
        return new FailsafePort(Protocol.UDP, port, Optional.empty());
    }
}
