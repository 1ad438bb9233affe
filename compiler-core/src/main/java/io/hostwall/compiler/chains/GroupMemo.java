package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IrRule;
import io.hostwall.model.GlobalNetworkPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inner policy-group chains of one node's last compile, by name, with the policies each was built from, so that
 * rebuilding a binding's endpoint chains after a policy was added or deleted reuses every group whose policies are
 * the very same objects in the same order instead of building its jumps again (JFR: rebuilding the jumps to the
 * 1,700 policies of node-1's endpoint chains was most of such a recompile). A group's rules depend only on its name
 * (which fixes the endpoint chain, stage and direction) and on its policies' names, so the reuse is exact. Owned,
 * with the node's {@link NodeChains}, by one compile at a time.
 */
public final class GroupMemo {
    /**
     * One inner group as built.
     *
     * @param policies its policies, in order
     * @param rules its rules
     * @param policyChains the policy chain each of its policies jumps to, in order
     */
    record Group(List<GlobalNetworkPolicy> policies, ImmutableList<IrRule> rules,
            ImmutableList<String> policyChains) {}

    /** Above this many names the boundary memo starts again, so that it never grows without bound. */
    private static final int BOUNDARIES_KEPT = 100_000;

    private final Map<String, Group> groups = new HashMap<>();
    // PolicyGroups.boundary by policy name: a murmur hash per policy and endpoint chain was a tenth of a rebuild.
    private final Map<String, Integer> boundaries = new HashMap<>();

    /** An empty memo, for a node compiled afresh. */
    public GroupMemo() {}

    /** The group called {@code name} if it was built from exactly {@code policies} (compared by identity). */
    Optional<Group> reusable(String name, List<GlobalNetworkPolicy> policies) {
        Group g = groups.get(name);
        if (g == null || g.policies().size() != policies.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < policies.size(); i++) {
            if (g.policies().get(i) != policies.get(i)) {
                return Optional.empty();
            }
        }
        return Optional.of(g);
    }

    /** {@link PolicyGroups#boundary} of {@code p}'s name, remembered. */
    int boundary(GlobalNetworkPolicy p) {
        Integer b = boundaries.get(p.name());
        if (b == null) {
            if (boundaries.size() >= BOUNDARIES_KEPT) {
                boundaries.clear();
            }
            b = PolicyGroups.boundary(p.name());
            boundaries.put(p.name(), b);
        }
        return b;
    }

    void put(String name, Group g) {
        groups.put(name, g);
    }

    /** Forgets the group called {@code name}, if any (a chain the node no longer has). */
    void forget(String name) {
        groups.remove(name);
    }
}
