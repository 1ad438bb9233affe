package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;

/**
 * The failsafe fields of a {@code FelixConfiguration}. Absent means "Felix's default list"; present and empty
 * ({@code []}) disables failsafes in that direction.
 */
public record FelixConfiguration(
        String name,
        ImmutableSortedMap<String, String> labels,
        Optional<ImmutableList<FailsafePort>> failsafeInboundHostPorts,
        Optional<ImmutableList<FailsafePort>> failsafeOutboundHostPorts) implements Resource {

    @Override
    public ResourceKind kind() {
        return ResourceKind.FELIX_CONFIGURATION;
    }
}
