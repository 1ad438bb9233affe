package io.hostwall.model;

import com.google.common.collect.ImmutableSortedMap;

/** One validated, defaulted, immutable {@code projectcalico.org/v3} resource. */
public sealed interface Resource
        permits GlobalNetworkPolicy, HostEndpoint, GlobalNetworkSet, Profile, Tier, FelixConfiguration {

    ResourceKind kind();

    /** {@code metadata.name}. */
    String name();

    /** {@code metadata.labels}, sorted by key. */
    ImmutableSortedMap<String, String> labels();

    default ResourceRef ref() {
        return new ResourceRef(kind(), name());
    }
}
