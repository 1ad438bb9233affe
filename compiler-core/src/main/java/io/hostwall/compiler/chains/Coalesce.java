package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.Cidr;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Canonical forms of address and port lists: sorted, without duplicates or overlaps (nft interval sets need it). */
public final class Coalesce {
    private Coalesce() {}

    /** Sorted networks with every network that lies inside another removed. */
    public static ImmutableList<Cidr> networks(Collection<Cidr> nets) {
        // Sorting by (address, prefix) puts a covering network before everything inside it.
        // A sorted list, not a TreeSet: an equal duplicate is dropped below as contained in its twin.
        List<Cidr> sorted = new ArrayList<>(nets);
        sorted.sort(null);
        List<Cidr> out = new ArrayList<>();
        for (Cidr c : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).contains(c)) {
                out.add(c);
            }
        }
        return ImmutableList.copyOf(out);
    }

    /** Sorted ranges, overlapping and adjacent ones merged. */
    static ImmutableList<PortRange> ports(Collection<PortRange> ranges) {
        List<PortRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(PortRange::first).thenComparingInt(PortRange::last));
        List<PortRange> out = new ArrayList<>();
        for (PortRange r : sorted) {
            if (!out.isEmpty() && r.first() <= out.get(out.size() - 1).last() + 1) {
                PortRange last = out.remove(out.size() - 1);
                out.add(new PortRange(last.first(), Math.max(last.last(), r.last())));
            } else {
                out.add(r);
            }
        }
        return ImmutableList.copyOf(out);
    }
}
