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
import java.util.EnumMap;
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
    private final EnumSet<ResourceKind> changed = EnumSet.allOf(ResourceKind.class);
    private final EnumMap<ResourceKind, ImmutableList<? extends Resource>> lists = new EnumMap<>(ResourceKind.class);
    private PolicySet set;

    /** The resource called {@code ref}, or null. */
    Resource get(ResourceRef ref) {
        return byRef.get(ref);
    }

    boolean containsKey(ResourceRef ref) {
        return byRef.containsKey(ref);
    }

    void put(Resource r) {
        Resource old = byRef.put(r.ref(), r);
        ResourceKind kind = r.ref().kind();
        ImmutableList<? extends Resource> list = lists.get(kind);
        if (list != null && !changed.contains(kind)) {
            // An edit (the common change) or an addition: patch the kept list rather than collecting the kind again
            // from the tree (walking 5,000 policies was most of this class's share of a sync).
            int i = indexOf(list, r.name());
            if (old != null && i >= 0 && list.get(i) == old) {
                Resource[] next = list.toArray(new Resource[0]);
                next[i] = r;
                keep(kind, ImmutableList.copyOf(next));
                return;
            }
            if (old == null && i < 0) {
                keep(kind, ImmutableList.<Resource>builderWithExpectedSize(list.size() + 1)
                        .addAll(list.subList(0, -i - 1)).add(r).addAll(list.subList(-i - 1, list.size())).build());
                return;
            }
        }
        changed.add(kind);
    }

    /** Keeps {@code list} as the resources of {@code kind}, in name order; the policy set is built again. */
    private void keep(ResourceKind kind, ImmutableList<? extends Resource> list) {
        lists.put(kind, list);
        set = null;
    }

    /**
     * The place of the resource called {@code name} in {@code list} (sorted by name), or {@code -(insertion point)
     * - 1}.
     */
    private static int indexOf(ImmutableList<? extends Resource> list, String name) {
        int lo = 0;
        int hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = list.get(mid).name().compareTo(name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1; // as Arrays.binarySearch: where it would go
    }

    void remove(ResourceRef ref) {
        Resource old = byRef.remove(ref);
        if (old == null) {
            return;
        }
        ImmutableList<? extends Resource> list = lists.get(ref.kind());
        if (list != null && !changed.contains(ref.kind())) {
            int i = indexOf(list, ref.name());
            if (i >= 0 && list.get(i) == old) {
                keep(ref.kind(), ImmutableList.<Resource>builderWithExpectedSize(list.size() - 1)
                        .addAll(list.subList(0, i)).addAll(list.subList(i + 1, list.size())).build());
                return;
            }
        }
        changed.add(ref.kind());
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
        for (ResourceKind k : changed) {
            lists.put(k, ImmutableList.copyOf(ofKind(k).values()));
        }
        changed.clear();
        set = new PolicySet(list(ResourceKind.GLOBAL_NETWORK_POLICY, GlobalNetworkPolicy.class),
                list(ResourceKind.HOST_ENDPOINT, HostEndpoint.class),
                list(ResourceKind.GLOBAL_NETWORK_SET, GlobalNetworkSet.class),
                list(ResourceKind.PROFILE, Profile.class), list(ResourceKind.TIER, Tier.class),
                list(ResourceKind.FELIX_CONFIGURATION, FelixConfiguration.class), ImmutableMap.of());
        return set;
    }

    @SuppressWarnings("unchecked") // lists.get(kind) holds resources of that kind only
    private <T extends Resource> ImmutableList<T> list(ResourceKind kind, Class<T> type) {
        return (ImmutableList<T>) lists.get(kind);
    }
}
