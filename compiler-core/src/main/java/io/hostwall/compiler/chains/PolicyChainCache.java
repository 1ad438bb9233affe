package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Compiled policy chains kept between compiles: a policy chain's rules depend only on the policy, on what its
 * selectors resolve to (the {@code AddressBook} this cache belongs to) and on the compiler's options, never on the
 * node, so every node of a cluster shares them, and a recompile after a change rebuilds only the chains of the
 * policies that changed. Keyed by the policy's identity: an unchanged policy is the same object in the next version
 * of the cluster, and comparing or hashing thousands of policies by content would cost what the cache saves (an
 * equal but distinct object is simply compiled again). Concurrent: the nodes of {@code compileAll} share it.
 */
public final class PolicyChainCache {
    /** One compiled chain: its rules, and the sets they name (which the node's ruleset must then hold). */
    record Product(ImmutableList<IrRule> rules, ImmutableList<IpSet> sets) {}

    private record Key(GlobalNetworkPolicy policy, Direction direction, IrAction deny, boolean dropVariant) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.policy == policy && k.direction == direction && k.deny.equals(deny)
                    && k.dropVariant == dropVariant;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(policy) * 31 + direction.hashCode()) * 31 + (dropVariant ? 1 : 0);
        }
    }

    private final Map<Key, Product> products = new ConcurrentHashMap<>();

    /** An empty cache. */
    public PolicyChainCache() {}

    Product get(GlobalNetworkPolicy policy, Direction direction, IrAction deny, boolean dropVariant,
            Supplier<Product> compile) {
        Key key = new Key(policy, direction, deny, dropVariant);
        Product p = products.get(key);
        if (p == null) {
            // Not computeIfAbsent: compiling a chain is long, and other threads must not wait on the map meanwhile.
            p = compile.get();
            Product raced = products.putIfAbsent(key, p);
            if (raced != null) {
                p = raced;
            }
        }
        return p;
    }

    /**
     * Forgets the chains of policies not in {@code current}, so that a long-running agent keeps one version of
     * each policy rather than every version it ever compiled.
     *
     * @param current the policies of the cluster now being compiled
     */
    public void retainOnly(List<GlobalNetworkPolicy> current) {
        Set<GlobalNetworkPolicy> keep = Collections.newSetFromMap(new IdentityHashMap<>(current.size() * 2));
        keep.addAll(current);
        products.keySet().removeIf(k -> !keep.contains(k.policy()));
    }

    /**
     * Forgets the chains of {@code gone}, policies that were replaced by edited versions (by identity).
     *
     * @param gone the replaced policies
     */
    public void forget(List<GlobalNetworkPolicy> gone) {
        // Every key a policy can have (a deny is Drop or Reject): no pass over the whole cache.
        for (GlobalNetworkPolicy p : gone) {
            for (Direction d : Direction.values()) {
                for (IrAction deny : List.of(new IrAction.Drop(), new IrAction.Reject())) {
                    products.remove(new Key(p, d, deny, false));
                    products.remove(new Key(p, d, deny, true));
                }
            }
        }
    }

    /** The number of chains held (for tests). */
    int size() {
        return products.size();
    }
}
