package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a rule with a short positive port list as one rule per port or range, so that the list needs no named
 * set: {@code tcp dport { 22, 80 } accept} becomes {@code tcp dport 22 accept} and {@code tcp dport 80 accept}.
 *
 * <p>Why: the kernel finds a set by walking the table's list of sets, name by name, once per set it creates and
 * once per rule and element batch that refers to one, so a table's load time grows with the square of its number
 * of sets (see the package notes for the numbers). Short lists are most of a large cluster's distinct port lists,
 * and a few plain rules cost the kernel less than one more set. An anonymous set ({@code tcp dport { 22, 80 }})
 * is no way out: the kernel names each one by scanning every set of the table, which is slower still.
 *
 * <p>Why the split is exact for any action (also marks, logs, jumps, which do not end the chain): the ranges are
 * sorted and disjoint (checked), so a packet's port is in at most one of them, and at most one of the rules
 * matches the packet, exactly when the original rule does. A negated list needs no split: "not in any" is the
 * conjunction of one {@code !=} per range, in one rule ({@link MatchRenderer}).
 */
final class PortSplit {
    /**
     * Port lists of up to this many ports or ranges are written inline (a split, or {@code !=} matches), longer ones
     * as a shared named set. Four is where the measured load time stops improving (see the package notes) and
     * keeps a rule's copies few and readable.
     */
    static final int MAX_INLINE = 4;

    private PortSplit() {}

    /** Whether {@code ports} is written inline rather than as a named set. */
    static boolean inline(Match.Ports ports) {
        return ports.ranges().size() <= MAX_INLINE;
    }

    /** {@code rule} itself when it has no short positive port list of two or more ranges, else one rule per range. */
    static List<IrRule> split(IrRule rule) {
        ImmutableList<Match> matches = rule.matches();
        for (int i = 0; i < matches.size(); i++) {
            if (matches.get(i) instanceof Match.Ports p && !p.negated() && p.ranges().size() > 1 && inline(p)) {
                checkDisjoint(p, rule);
                List<IrRule> out = new ArrayList<>();
                for (PortRange r : p.ranges()) {
                    List<Match> one = new ArrayList<>(matches);
                    one.set(i, new Match.Ports(p.side(), p.protocol(), ImmutableList.of(r), false));
                    // a second short list in the same rule (source and destination ports) splits too
                    out.addAll(split(new IrRule(ImmutableList.copyOf(one), rule.action(), rule.origin())));
                }
                return out;
            }
        }
        return List.of(rule);
    }

    private static void checkDisjoint(Match.Ports p, IrRule rule) {
        List<PortRange> ranges = p.ranges();
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).first() <= ranges.get(i - 1).last()) {
                throw new IllegalArgumentException("port ranges must be sorted and disjoint, but "
                        + ranges.get(i - 1) + " comes before " + ranges.get(i) + " in " + rule);
            }
        }
    }
}
