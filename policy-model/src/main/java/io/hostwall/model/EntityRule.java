package io.hostwall.model;

import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableList;
import io.hostwall.selector.Selector;
import java.util.Optional;

/**
 * A rule's {@code source} or {@code destination}. Every criterion present must match (AND); within
 * {@code nets} and {@code ports} any entry may match (OR); {@code notNets}/{@code notPorts} match when none does.
 * An absent side is {@link #ANY}.
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
    public static final EntityRule ANY = new EntityRule(
            ImmutableList.of(), ImmutableList.of(), Optional.empty(), Optional.empty(), Optional.empty(),
            ImmutableList.of(), ImmutableList.of(), Optional.empty(), Optional.empty());

    /** {@return true when this side constrains nothing} */
    public boolean isAny() {
        return equals(ANY);
    }
}
