package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.CtState;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.Match;
import io.hostwall.ir.SetType;
import io.hostwall.ir.Side;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The matches that map to one iptables module each: sets, ports, mark, conntrack. (Interfaces, protocols and
 * addresses need folding across matches and live in their own slot classes.)
 */
final class MatchSlots {
    private final Map<String, IpSet> sets;
    private final IpFamily family;

    MatchSlots(Map<String, IpSet> sets, IpFamily family) {
        this.sets = sets;
        this.family = family;
    }

    /** The slot of {@code m}; {@link Slot#ANY} for matches another slot handles. */
    Slot of(Match m) {
        return m.accept(new Match.Visitor<Slot>() {
            @Override
            public Slot visit(Match.AddressSet s) {
                return Slot.fixed(set(s.setName(), s.ipFamily(), SetType.NETWORKS, s.negated(), dir(s.side())));
            }

            @Override
            public Slot visit(Match.AddressPortSet s) {
                String d = dir(s.side());
                return Slot.fixed(set(s.setName(), s.ipFamily(), SetType.ADDRESS_PROTOCOL_PORT, s.negated(), d + "," + d));
            }

            @Override
            public Slot visit(Match.Ports p) {
                return ports(p);
            }

            @Override
            public Slot visit(Match.Mark k) {
                return Slot.fixed("-m mark " + not(k.negated()) + "--mark " + IptablesText.hex(k.value()) + "/"
                        + IptablesText.hex(k.mask()));
            }

            @Override
            public Slot visit(Match.ConntrackState c) {
                if (c.states().isEmpty()) {
                    return c.negated() ? Slot.ANY : Slot.NEVER;
                }
                // Enum order, not the IR set's order, so equal state sets print equally.
                String states = c.states().stream().sorted().map(CtState::name).collect(Collectors.joining(","));
                return Slot.fixed("-m conntrack " + not(c.negated()) + "--ctstate " + states);
            }

            @Override
            public Slot visit(Match.ConntrackDnat d) {
                // conntrack's virtual DNAT state: original destination differs from the reply source.
                return Slot.fixed("-m conntrack " + not(!d.dnat()) + "--ctstate DNAT");
            }

            // Folded across the rule's matches by their own slots: InterfaceSlot, ProtocolSlot (protocol, ports'
            // protocol, ICMP), AddressSlot; the family decides which document the rule goes into.

            @Override
            public Slot visit(Match.Interface i) {
                return Slot.ANY;
            }

            @Override
            public Slot visit(Match.Family f) {
                return Slot.ANY;
            }

            @Override
            public Slot visit(Match.Protocol p) {
                return Slot.ANY;
            }

            @Override
            public Slot visit(Match.Address a) {
                return Slot.ANY;
            }

            @Override
            public Slot visit(Match.Icmp i) {
                return Slot.ANY;
            }
        });
    }

    /**
     * A positive list needing several multiport matches is an OR: one alternative per split (the splits are
     * disjoint). A negated list is an AND: all splits as {@code ! --ports} matches of one rule.
     */
    private Slot ports(Match.Ports p) {
        MultiportSplitter.requireSortedDisjoint(p.ranges());
        ImmutableList<ImmutableList<PortRange>> splits = MultiportSplitter.split(p.ranges());
        String option = p.side() == Side.SOURCE ? "--source-ports " : "--destination-ports ";
        List<String> fragments = new ArrayList<>();
        for (List<PortRange> split : splits) {
            fragments.add("-m multiport " + not(p.negated()) + option + MultiportSplitter.list(split));
        }
        if (p.negated()) {
            return Slot.fixed(Fragments.join(fragments));
        }
        return fragments.isEmpty() ? Slot.NEVER : Slot.of(fragments, List.of());
    }

    private String set(String name, IpFamily setFamily, SetType type, boolean negated, String flags) {
        return "-m set " + not(negated) + "--match-set " + checkedSet(name, setFamily, type) + " " + flags;
    }

    /** The name of set {@code name} once it is known to exist with this family and type in this document. */
    String checkedSet(String name, IpFamily setFamily, SetType type) {
        IpSet s = sets.get(name);
        if (s == null || s.family() != setFamily || s.family() != family || s.type() != type) {
            throw new IllegalArgumentException("rule refers to set " + IptablesText.sanitize(name, 40) + " as a "
                    + setFamily + " " + type + " set, but the ruleset has "
                    + (s == null ? "no such set" : "a " + s.family() + " " + s.type() + " set"));
        }
        // a set is named by many rules: its name is checked once
        return s.name(); // checked when the sets were indexed
    }

    private static String dir(Side side) {
        return side == Side.SOURCE ? "src" : "dst";
    }

    private static String not(boolean negated) {
        return negated ? "! " : "";
    }
}
