package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Felix's {@code SplitPortList} (FR §8.6): xt_multiport holds at most 15 ports per match, a range taking two of the
 * slots; a new split starts when the next entry would not fit. Splits keep the input order, so sorted,
 * non-overlapping input gives splits that are pairwise disjoint — which is what lets a positive list become one
 * rule per split (each packet matches at most one of them) and a negated list several matches in one rule.
 */
final class MultiportSplitter {
    static final int SLOTS = 15;

    private MultiportSplitter() {}

    static ImmutableList<ImmutableList<PortRange>> split(List<PortRange> ranges) {
        ImmutableList.Builder<ImmutableList<PortRange>> out = ImmutableList.builder();
        List<PortRange> current = new ArrayList<>();
        int used = 0;
        for (PortRange r : ranges) {
            int cost = slots(r);
            if (used + cost > SLOTS) {
                out.add(ImmutableList.copyOf(current));
                current.clear();
                used = 0;
            }
            current.add(r);
            used += cost;
        }
        if (!current.isEmpty()) {
            out.add(ImmutableList.copyOf(current));
        }
        return out.build();
    }

    static int slots(PortRange r) {
        return r.first() == r.last() ? 1 : 2;
    }

    /** {@code 22,8000:8080}: multiport's list syntax. */
    static String list(List<PortRange> split) {
        return split.stream().map(PortRange::toString).collect(Collectors.joining(","));
    }

    /** Fails unless {@code ranges} is sorted and non-overlapping, which the disjointness of the splits rests on. */
    static void requireSortedDisjoint(List<PortRange> ranges) {
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).first() <= ranges.get(i - 1).last()) {
                throw new IllegalArgumentException("port ranges must be sorted and non-overlapping: " + ranges);
            }
        }
    }
}
