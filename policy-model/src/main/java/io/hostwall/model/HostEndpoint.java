package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A {@code HostEndpoint}: one interface ({@code interfaceName}), all interfaces ({@code "*"}), or the interface
 * holding one of {@code expectedIPs}, on {@code node}.
 */
public record HostEndpoint(
        String name,
        ImmutableSortedMap<String, String> labels,
        String node,
        Optional<String> interfaceName,
        ImmutableList<InetAddress> expectedIPs,
        ImmutableList<String> profiles,
        ImmutableList<EndpointPort> ports) implements Resource {

    /** The {@code interfaceName} that stands for every interface of the node. */
    public static final String ALL_INTERFACES = "*";

    @Override
    public ResourceKind kind() {
        return ResourceKind.HOST_ENDPOINT;
    }

    /** {@return true for {@code interfaceName: "*"}} */
    public boolean isAllInterfaces() {
        return interfaceName.filter(ALL_INTERFACES::equals).isPresent();
    }
}
