package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Lists;
import com.google.common.collect.MapMaker;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The resources of one kind.
     *
     * @param kind the kind
     * @return that kind's list, sorted by name (the very list this set holds)
     */
    public ImmutableList<? extends Resource> ofKind(ResourceKind kind) {
        return switch (kind) {
            case GLOBAL_NETWORK_POLICY -> globalNetworkPolicies;
            case HOST_ENDPOINT -> hostEndpoints;
            case GLOBAL_NETWORK_SET -> globalNetworkSets;
            case PROFILE -> profiles;
            case TIER -> tiers;
            case FELIX_CONFIGURATION -> felixConfigurations;
        };
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

    /**
     * Lists known to be sorted by name, by identity; weakly held, so a list no set uses any more is forgotten. An
     * immutable list stays sorted, so a node agent that builds a set again from the previous set's unchanged lists
     * (or through {@link #with}) does not pay a check of thousands of names per change (JFR, issue 9).
     */
    private static final Set<Object> KNOWN_SORTED = Collections.newSetFromMap(new MapMaker().weakKeys().makeMap());

    /**
     * This set with {@code resource} added, or replacing the resource of its kind and name. The other lists are the
     * very same objects (the compiler's caches recognise an unchanged list by identity), the changed one is patched
     * in place of its name (no sort), and a location recorded for the replaced resource is dropped.
     *
     * @param resource the resource
     * @return the new set
     */
    public PolicySet with(Resource resource) {
        java.util.Objects.requireNonNull(resource, "resource");
        return new PolicySet(
                resource instanceof GlobalNetworkPolicy p ? upsert(globalNetworkPolicies, p) : globalNetworkPolicies,
                resource instanceof HostEndpoint h ? upsert(hostEndpoints, h) : hostEndpoints,
                resource instanceof GlobalNetworkSet n ? upsert(globalNetworkSets, n) : globalNetworkSets,
                resource instanceof Profile p ? upsert(profiles, p) : profiles,
                resource instanceof Tier t ? upsert(tiers, t) : tiers,
                resource instanceof FelixConfiguration f ? upsert(felixConfigurations, f) : felixConfigurations,
                withoutLocation(resource.ref()));
    }

    /**
     * This set without the resource {@code ref} names (the same set when there is none); the other lists are the
     * very same objects.
     *
     * @param ref the resource's kind and name
     * @return the new set
     */
    public PolicySet without(ResourceRef ref) {
        java.util.Objects.requireNonNull(ref, "ref");
        return new PolicySet(
                ref.kind() == ResourceKind.GLOBAL_NETWORK_POLICY ? remove(globalNetworkPolicies, ref.name())
                        : globalNetworkPolicies,
                ref.kind() == ResourceKind.HOST_ENDPOINT ? remove(hostEndpoints, ref.name()) : hostEndpoints,
                ref.kind() == ResourceKind.GLOBAL_NETWORK_SET ? remove(globalNetworkSets, ref.name())
                        : globalNetworkSets,
                ref.kind() == ResourceKind.PROFILE ? remove(profiles, ref.name()) : profiles,
                ref.kind() == ResourceKind.TIER ? remove(tiers, ref.name()) : tiers,
                ref.kind() == ResourceKind.FELIX_CONFIGURATION ? remove(felixConfigurations, ref.name())
                        : felixConfigurations,
                withoutLocation(ref));
    }

    private ImmutableMap<ResourceRef, SourceLocation> withoutLocation(ResourceRef ref) {
        if (!locations.containsKey(ref)) {
            return locations;
        }
        ImmutableMap.Builder<ResourceRef, SourceLocation> b = ImmutableMap.builder();
        locations.forEach((k, v) -> {
            if (!k.equals(ref)) {
                b.put(k, v);
            }
        });
        return b.buildOrThrow();
    }

    /** {@code list} (sorted by name) with {@code r} in the place of its name; sorted, and known to be. */
    private static <T extends Resource> ImmutableList<T> upsert(ImmutableList<T> list, T r) {
        int i = indexOf(list, r.name());
        ImmutableList<T> out;
        if (i >= 0) {
            ImmutableList.Builder<T> b = ImmutableList.builderWithExpectedSize(list.size());
            out = b.addAll(list.subList(0, i)).add(r).addAll(list.subList(i + 1, list.size())).build();
        } else {
            int at = -i - 1;
            out = ImmutableList.<T>builderWithExpectedSize(list.size() + 1)
                    .addAll(list.subList(0, at)).add(r).addAll(list.subList(at, list.size())).build();
        }
        KNOWN_SORTED.add(out);
        return out;
    }

    /** {@code list} (sorted by name) without the element called {@code name}; the same list when there is none. */
    private static <T extends Resource> ImmutableList<T> remove(ImmutableList<T> list, String name) {
        int i = indexOf(list, name);
        if (i < 0) {
            return list;
        }
        ImmutableList<T> out = ImmutableList.<T>builderWithExpectedSize(list.size() - 1)
                .addAll(list.subList(0, i)).addAll(list.subList(i + 1, list.size())).build();
        KNOWN_SORTED.add(out);
        return out;
    }

    /** The place of {@code name} in {@code list} (sorted by name), or {@code -(insertion point) - 1}. */
    private static int indexOf(ImmutableList<? extends Resource> list, String name) {
        return Collections.binarySearch(Lists.transform(list, Resource::name), name);
    }

    private static <T extends Resource> ImmutableList<T> sorted(Collection<T> items) {
        if (items instanceof ImmutableList<T> list && (KNOWN_SORTED.contains(list) || isSorted(list))) {
            // Kept as it is: a caller that rebuilds a set after a change (a node agent) passes the unchanged kinds'
            // lists again, and the compiler's caches recognise an unchanged list by identity.
            KNOWN_SORTED.add(list);
            return list;
        }
        ImmutableList<T> copy = ImmutableList.sortedCopyOf(Comparator.comparing(Resource::name), items);
        KNOWN_SORTED.add(copy);
        return copy;
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
