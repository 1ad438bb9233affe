package io.hostwall.model;

import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;

/** A {@code GlobalNetworkSet}: labelled CIDRs (bare IPs and host bits canonicalised to networks). */
public record GlobalNetworkSet(
        String name,
        ImmutableSortedMap<String, String> labels,
        ImmutableList<Cidr> nets) implements Resource {

    @Override
    public ResourceKind kind() {
        return ResourceKind.GLOBAL_NETWORK_SET;
    }
}
