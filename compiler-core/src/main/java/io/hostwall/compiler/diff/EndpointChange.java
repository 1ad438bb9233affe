package io.hostwall.compiler.diff;

import io.hostwall.model.HostEndpoint;
import java.util.Objects;
import java.util.Optional;

/**
 * A host endpoint of a node that was added, removed or changed ({@code interfaceName}, {@code expectedIPs}, labels,
 * profiles or ports).
 *
 * @param change added, removed or changed
 * @param name the endpoint's name
 * @param oldEndpoint the old endpoint; empty when added
 * @param newEndpoint the new endpoint; empty when removed
 */
public record EndpointChange(Change change, String name, Optional<HostEndpoint> oldEndpoint,
        Optional<HostEndpoint> newEndpoint) {

    /**
     * Checks that the sides present fit the change.
     *
     * @param change added, removed or changed
     * @param name the endpoint's name
     * @param oldEndpoint the old endpoint; empty when added
     * @param newEndpoint the new endpoint; empty when removed
     */
    public EndpointChange {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(name, "name");
        if (oldEndpoint.isPresent() == (change == Change.ADDED)
                || newEndpoint.isPresent() == (change == Change.REMOVED)) {
            throw new IllegalArgumentException("a " + change.label() + " endpoint has the wrong sides");
        }
    }

    /**
     * Where the endpoint applies, e.g. {@code interface eth0}, {@code all interfaces},
     * {@code expectedIPs 10.0.0.1}: the new side, else the old.
     *
     * @return the description
     */
    public String where() {
        HostEndpoint h = newEndpoint.or(() -> oldEndpoint).orElseThrow();
        if (h.interfaceName().isPresent()) {
            return h.isAllInterfaces() ? "all interfaces" : "interface " + h.interfaceName().get();
        }
        return "expectedIPs " + String.join(",", h.expectedIPs().stream()
                .map(com.google.common.net.InetAddresses::toAddrString).toList());
    }
}
