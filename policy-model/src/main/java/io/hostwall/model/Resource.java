package io.hostwall.model;

import com.google.common.collect.ImmutableSortedMap;

/** One validated, defaulted, immutable {@code projectcalico.org/v3} resource. */
public sealed interface Resource
        permits GlobalNetworkPolicy, HostEndpoint, GlobalNetworkSet, Profile, Tier, FelixConfiguration {

    /** {@return the resource's kind} */
    ResourceKind kind();

    /** {@return {@code metadata.name}} */
    String name();

    /** {@return {@code metadata.labels}, sorted by key} */
    ImmutableSortedMap<String, String> labels();

    /** {@return the kind and name that identify this resource in a cluster} */
    default ResourceRef ref() {
        return new ResourceRef(kind(), name());
    }
}
