package io.hostwall.compiler.agent;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Profile;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceKind;
import io.hostwall.model.ResourceRef;
import io.hostwall.model.Tier;
import java.util.EnumSet;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The agent's copy of the cluster, by reference, with the {@link PolicySet} built from it kept between syncs: only
 * the kinds that changed since the last {@link #policySet()} are collected again (JFR, issue 9: building the whole
 * set from all 7,500 resources on every sync was a tenth of a rule edit's sync). Owned by the agent thread.
 */
final class ClusterResources {
    private final TreeMap<ResourceRef, Resource> byRef = new TreeMap<>();
    /** Kinds whose list in {@link #set} is out of date (all of them until the first {@link #policySet()}). */
    private final EnumSet<ResourceKind> changed = EnumSet.allOf(ResourceKind.class);
    private PolicySet set;

    /** The resource called {@code ref}, or null. */
    Resource get(ResourceRef ref) {
        return byRef.get(ref);
    }

    boolean containsKey(ResourceRef ref) {
        return byRef.containsKey(ref);
    }

    void put(Resource r) {
        byRef.put(r.ref(), r);
        ResourceKind kind = r.ref().kind();
        if (set != null && !changed.contains(kind)) {
            // An edit (the common change) or an addition: the set is patched in the place of the name, and every
            // other list stays the very same object (walking 5,000 policies, or checking their order, was most of
            // this class's share of a sync).
            set = set.with(r);
        } else {
            changed.add(kind);
        }
    }

    void remove(ResourceRef ref) {
        if (byRef.remove(ref) == null) {
            return;
        }
        if (set != null && !changed.contains(ref.kind())) {
            set = set.without(ref);
        } else {
            changed.add(ref.kind());
        }
    }

    void clear() {
        byRef.clear();
        changed.addAll(EnumSet.allOf(ResourceKind.class));
    }

    /** The resources by reference (kind, then name), read-only use. */
    NavigableMap<ResourceRef, Resource> view() {
        return java.util.Collections.unmodifiableNavigableMap(byRef);
    }

    /** The resources of {@code kind}, in name order. */
    NavigableMap<ResourceRef, Resource> ofKind(ResourceKind kind) {
        ResourceKind[] all = ResourceKind.values();
        ResourceRef first = new ResourceRef(kind, "");
        return kind.ordinal() + 1 < all.length
                ? byRef.subMap(first, true, new ResourceRef(all[kind.ordinal() + 1], ""), false)
                : byRef.tailMap(first, true);
    }

    /** {@return the cluster as a policy set; the same object while nothing changed} */
    PolicySet policySet() {
        if (set != null && changed.isEmpty()) {
            return set;
        }
        PolicySet before = set;
        set = new PolicySet(list(before, ResourceKind.GLOBAL_NETWORK_POLICY, GlobalNetworkPolicy.class),
                list(before, ResourceKind.HOST_ENDPOINT, HostEndpoint.class),
                list(before, ResourceKind.GLOBAL_NETWORK_SET, GlobalNetworkSet.class),
                list(before, ResourceKind.PROFILE, Profile.class), list(before, ResourceKind.TIER, Tier.class),
                list(before, ResourceKind.FELIX_CONFIGURATION, FelixConfiguration.class), ImmutableMap.of());
        changed.clear();
        return set;
    }

    /** The resources of {@code kind}: collected again when changed, else {@code before}'s very list. */
    private <T extends Resource> ImmutableList<T> list(PolicySet before, ResourceKind kind, Class<T> type) {
        if (before == null || changed.contains(kind)) {
            return ofKind(kind).values().stream().map(type::cast).collect(ImmutableList.toImmutableList());
        }
        @SuppressWarnings("unchecked") // the kind's list holds resources of that kind only
        ImmutableList<T> kept = (ImmutableList<T>) before.ofKind(kind);
        return kept;
    }
}
