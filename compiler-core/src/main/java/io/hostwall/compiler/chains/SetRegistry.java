package io.hostwall.compiler.chains;

import io.hostwall.compiler.plan.AddressBook;
import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IpSet;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.model.Protocol;
import io.hostwall.selector.Selector;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.HashMap;

/**
 * The node's IP sets, each built once per cluster by the {@link SetPool}: every rule with the same selector (or
 * named-port question) shares that selector's set, and every rule with the same long {@code nets} list shares one
 * set (the kernel's load time grows with the number of sets, DESIGN.md). See {@code SetPool} for how sets are named.
 */
public final class SetRegistry {
    private final SetPool pool;
    private final HashMap<String, IpSet> sets = new HashMap<>(); // sorted once, in all()

    /**
     * A registry whose sets come from {@code pool}.
     *
     * @param pool builds (once per cluster) the sets this registry records
     */
    public SetRegistry(SetPool pool) {
        this.pool = pool;
    }

    SetPool pool() {
        return pool;
    }

    /** The set holding exactly {@code nets} (a rule's literal nets, coalesced, at least two). */
    String networks(IpFamily family, ImmutableList<Cidr> nets) {
        return add(pool.networks(family, nets));
    }

    /** The set of {@code selector}'s networks {@code nets} (coalesced, at least two), named by the selector. */
    String selected(IpFamily family, Selector selector, ImmutableList<Cidr> nets) {
        return add(pool.selected(family, selector, nets));
    }

    /** The named-port set of {@code members} (at least one, distinct, in {@code AddressBook.MEMBER_ORDER}), named by the question. */
    String addressPorts(IpFamily family, Optional<Selector> selector, List<String> portNames,
            Optional<Protocol> protocol, ImmutableList<AddressBook.NamedPortMember> members) {
        return add(pool.addressPorts(family, selector, portNames, protocol, members));
    }

    /** Records a set built earlier (by this cluster's pool); returns its name. */
    String add(IpSet set) {
        IpSet old = sets.putIfAbsent(set.name(), set);
        if (old != null && old != set && !old.equals(set)) {
            throw new IllegalStateException("set name collision: " + set.name());
        }
        return set.name();
    }

    /** The sets recorded so far, in no particular order. */
    Collection<IpSet> recorded() {
        return sets.values();
    }

    public ImmutableList<IpSet> all() {
        return sets.values().stream().sorted(java.util.Comparator.comparing(IpSet::name))
                .collect(ImmutableList.toImmutableList());
    }
}
