package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * One cluster's resources. Each list is sorted by name, so equal inputs give equal sets whatever the order of
 * files and documents. {@link #locations} records where each resource came from; it is provenance, not content,
 * and is ignored by {@link #equals}.
 */
public record PolicySet(
        ImmutableList<GlobalNetworkPolicy> globalNetworkPolicies,
        ImmutableList<HostEndpoint> hostEndpoints,
        ImmutableList<GlobalNetworkSet> globalNetworkSets,
        ImmutableList<Profile> profiles,
        ImmutableList<Tier> tiers,
        ImmutableList<FelixConfiguration> felixConfigurations,
        ImmutableMap<ResourceRef, SourceLocation> locations) {

    /**
     * Sorts every list by name.
     *
     * @param globalNetworkPolicies the policies
     * @param hostEndpoints the host endpoints
     * @param globalNetworkSets the network sets
     * @param profiles the profiles
     * @param tiers the tiers
     * @param felixConfigurations the Felix configurations
     * @param locations where each resource came from
     */
    public PolicySet {
        globalNetworkPolicies = sorted(globalNetworkPolicies);
        hostEndpoints = sorted(hostEndpoints);
        globalNetworkSets = sorted(globalNetworkSets);
        profiles = sorted(profiles);
        tiers = sorted(tiers);
        felixConfigurations = sorted(felixConfigurations);
        locations = ImmutableMap.copyOf(locations);
    }

    /** {@return a set without resources} */
    public static PolicySet empty() {
        return of(ImmutableList.of());
    }

    /**
     * Sorts resources into a set; no locations. Duplicate names of a kind are the caller's problem.
     *
     * @param resources the resources
     * @return the set
     */
    public static PolicySet of(Collection<? extends Resource> resources) {
        return of(resources, ImmutableMap.of());
    }

    /**
     * Sorts resources into a set, with where each came from.
     *
     * @param resources the resources
     * @param locations where each resource came from
     * @return the set
     */
    public static PolicySet of(Collection<? extends Resource> resources, ImmutableMap<ResourceRef, SourceLocation> locations) {
        return new PolicySet(
                filter(resources, GlobalNetworkPolicy.class),
                filter(resources, HostEndpoint.class),
                filter(resources, GlobalNetworkSet.class),
                filter(resources, Profile.class),
                filter(resources, Tier.class),
                filter(resources, FelixConfiguration.class),
                locations);
    }

    /**
     * Where a resource came from.
     *
     * @param ref the resource's kind and name
     * @return its file and line, or empty for a resource built in code
     */
    public Optional<SourceLocation> locationOf(ResourceRef ref) {
        return Optional.ofNullable(locations.get(ref));
    }

    /** {@return all resources, in kind order then name order} */
    public ImmutableList<Resource> all() {
        return ImmutableList.<Resource>builder()
                .addAll(globalNetworkPolicies).addAll(hostEndpoints).addAll(globalNetworkSets)
                .addAll(profiles).addAll(tiers).addAll(felixConfigurations).build();
    }

    /** Content equality: provenance ({@link #locations}) is deliberately not compared. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PolicySet p
                && p.globalNetworkPolicies.equals(globalNetworkPolicies)
                && p.hostEndpoints.equals(hostEndpoints)
                && p.globalNetworkSets.equals(globalNetworkSets)
                && p.profiles.equals(profiles)
                && p.tiers.equals(tiers)
                && p.felixConfigurations.equals(felixConfigurations);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(globalNetworkPolicies, hostEndpoints, globalNetworkSets, profiles, tiers,
                felixConfigurations);
    }

    private static <T extends Resource> ImmutableList<T> sorted(Collection<T> items) {
        if (items instanceof ImmutableList<T> list && isSorted(list)) {
            // Kept as it is: a caller that rebuilds a set after a change (a node agent) passes the unchanged kinds'
            // lists again, and the compiler's caches recognise an unchanged list by identity.
            return list;
        }
        return ImmutableList.sortedCopyOf(Comparator.comparing(Resource::name), items);
    }

    private static boolean isSorted(ImmutableList<? extends Resource> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i - 1).name().compareTo(list.get(i).name()) > 0) {
                return false;
            }
        }
        return true;
    }

    private static <T extends Resource> ImmutableList<T> filter(Collection<? extends Resource> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).collect(ImmutableList.toImmutableList());
    }
}
