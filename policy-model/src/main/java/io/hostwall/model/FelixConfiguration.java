package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;

/**
 * The failsafe fields of a {@code FelixConfiguration}. Absent means "Felix's default list"
 * ({@link #DEFAULT_FAILSAFE_INBOUND_HOST_PORTS}, {@link #DEFAULT_FAILSAFE_OUTBOUND_HOST_PORTS}); present and empty
 * ({@code []}) disables failsafes in that direction.
 *
 * @param name the resource's name: {@code default}, or {@code node.<node>} for one node
 * @param labels the resource's labels
 * @param failsafeInboundHostPorts {@code spec.failsafeInboundHostPorts}, if set
 * @param failsafeOutboundHostPorts {@code spec.failsafeOutboundHostPorts}, if set
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

    @Override
    public ResourceKind kind() {
        return ResourceKind.FELIX_CONFIGURATION;
    }

    private static FailsafePort tcp(int port) {
        return new FailsafePort(Protocol.TCP, port, Optional.empty());
    }

    private static FailsafePort udp(int port) {
        return new FailsafePort(Protocol.UDP, port, Optional.empty());
    }
}
