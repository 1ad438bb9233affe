package io.hostwall.compiler.chains;

import io.hostwall.compiler.plan.AddressBook;
import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IpSet;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.util.Collection;
import java.util.TreeMap;

/**
 * The node's IP sets, content-addressed: every rule that needs the same members shares one set, whatever
 * selector or nets list produced them (the kernel's load time grows with the number of sets, DESIGN.md).
 */
public final class SetRegistry {
    private final SetPool pool;
    private final TreeMap<String, IpSet> sets = new TreeMap<>();

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

    /** The set holding exactly {@code nets} (already coalesced, at least two). */
    String networks(IpFamily family, ImmutableList<Cidr> nets) {
        return add(pool.networks(family, nets));
    }

    /** The named-port set of {@code members}: at least one, distinct, in {@code AddressBook.MEMBER_ORDER}. */
    String addressPorts(IpFamily family, ImmutableList<AddressBook.NamedPortMember> members) {
        return add(pool.addressPorts(family, members));
    }

    /** Records a set built earlier (by this cluster's pool); returns its name. */
    String add(IpSet set) {
        IpSet old = sets.putIfAbsent(set.name(), set);
        if (old != null && old != set && !old.equals(set)) {
            throw new IllegalStateException("set name collision: " + set.name());
        }
        return set.name();
    }

    /** The sets recorded so far, by name. */
    Collection<IpSet> recorded() {
        return sets.values();
    }

    public ImmutableList<IpSet> all() {
        return ImmutableList.copyOf(sets.values());
    }
}
