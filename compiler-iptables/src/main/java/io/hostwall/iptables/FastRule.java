package io.hostwall.iptables;

import io.hostwall.ir.CtState;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.SetType;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The common shape of a rule written in one pass straight into a reused buffer: at most one interface match per
 * direction and one address per side, a protocol without ICMP types or several negations, port lists that fit
 * one multiport match. That is nearly every rule a cluster produces; the generic slot machinery of
 * {@link RuleRenderer} (lists of alternatives and guards per part, then their cross product) costs several times
 * more per rule and is needed only for the rest.
 *
 * <p>{@link #render} prints exactly what the general path prints for the rules it takes, in the same part order
 * (comments, {@code -i}, {@code -o}, {@code -p}, source, destination, the other matches in IR order, the action).
 * It returns false — and the general path renders the rule — for every other shape, for rules that can never
 * match, and for anything invalid, so that errors keep their one wording; the differential tests hold the two
 * paths (and the renderer before this one) to the same bytes.
 *
 * <p>The table is asked about three things only: conntrack matches (refused in raw), REJECT (filter only) and
 * CT --notrack (raw only). {@link KeptChain} relies on that to take a chain's lines into other tables; a new
 * question about the table must be added to {@code RuleRenderer.tables} too.
 */
final class FastRule {
    /** {@code values()} copies the array on every call. */
    private static final InterfaceDirection[] DIRECTIONS = InterfaceDirection.values();

    private final IpFamily family;
    private final TableKind table;
    private final Function<String, String> chainName;
    private final MatchSlots slots;
    private final StringBuilder b = new StringBuilder(256);
    /** Where the one multi-split positive port match's first split was written, and its further splits. */
    private int altStart;
    private int altEnd;
    private final List<String> alternatives = new ArrayList<>();

    FastRule(IpFamily family, TableKind table, Function<String, String> chainName, MatchSlots slots) {
        this.family = family;
        this.table = table;
        this.chainName = chainName;
        this.slots = slots;
    }

    /** Appends the rule's lines to {@code lines}; false (and maybe some lines, to drop) when it does not fit. */
    boolean render(IrRule rule, List<String> lines) {
        b.setLength(0);
        altStart = -1;
        alternatives.clear();
        List<String> comments = rule.comments();
        for (int i = 0; i < comments.size(); i++) {
            if (!comments.get(i).isEmpty()) {
                sep();
                IptablesText.appendComment(b, comments.get(i));
            }
        }
        List<Match> ms = rule.matches();
        IrAction action = rule.action();
        InterfaceDirection dispatch = action instanceof IrAction.Dispatch d ? d.direction() : null;
        for (InterfaceDirection d : DIRECTIONS) {
            if (d != dispatch && !iface(ms, d)) {
                return false;
            }
        }
        if (!protocol(ms) || !address(ms, Side.SOURCE) || !address(ms, Side.DESTINATION)) {
            return false;
        }
        for (int i = 0; i < ms.size(); i++) {
            if (!other(ms.get(i))) {
                return false;
            }
        }
        if (action instanceof IrAction.Dispatch d) {
            if (altStart >= 0) {
                return false;
            }
            int prefix = b.length();
            List<Match.Interface> filters = RuleRenderer.interfaces(ms, d.direction());
            String flag = InterfaceSlot.flag(d.direction());
            for (Map.Entry<String, String> e : d.targets().entrySet()) {
                String name = IptablesText.interfaceName(e.getKey(), false);
                if (InterfaceSlot.admits(name, filters)) {
                    b.setLength(prefix);
                    sep();
                    b.append(flag).append(' ').append(name).append(" -g ").append(chainName.apply(e.getValue()));
                    lines.add(b.toString());
                }
            }
            return true;
        }
        if (!action(action)) {
            return false;
        }
        lines.add(b.toString());
        if (altStart >= 0) {
            // the port list's further splits: disjoint, one line each, the rest of the rule unchanged
            String head = b.substring(0, altStart);
            String tail = b.substring(altEnd);
            for (String alt : alternatives) {
                lines.add(head + alt + tail);
            }
        }
        return true;
    }

    private void sep() {
        if (b.length() > 0) {
            b.append(' ');
        }
    }

    /** One positive or negated interface of direction {@code d}, or none. */
    private boolean iface(List<Match> ms, InterfaceDirection d) {
        Match.Interface one = null;
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i) instanceof Match.Interface m && m.direction() == d) {
                if (one != null) {
                    return false;
                }
                one = m;
            }
        }
        if (one != null) {
            String word = IptablesText.interfaceName(one.name(), one.prefix());
            sep();
            if (one.negated()) {
                b.append("! ");
            }
            b.append(InterfaceSlot.flag(d)).append(' ').append(word);
        }
        return true;
    }

    /** At most one positive protocol (from protocol, port and type-less ICMP matches), or one negated protocol. */
    private boolean protocol(List<Match> ms) {
        int icmp = family == IpFamily.V4 ? 1 : 58;
        int pos = -1;
        int neg = -1;
        for (int i = 0; i < ms.size(); i++) {
            Match m = ms.get(i);
            int p;
            boolean negated;
            if (m instanceof Match.Protocol x) {
                p = x.number();
                if (p < 1 || p > 255) {
                    return false;
                }
                negated = x.negated();
            } else if (m instanceof Match.Ports x) {
                if (!multiport(x.protocol())) {
                    return false;
                }
                if (x.negated()) {
                    continue;
                }
                p = x.protocol();
                negated = false;
            } else if (m instanceof Match.Icmp x) {
                if (x.type().isPresent() || x.code().isPresent()) {
                    return false;
                }
                p = icmp;
                negated = x.negated();
            } else {
                continue;
            }
            if (negated) {
                if (neg >= 0 && neg != p) {
                    return false; // a second negated protocol: a guard
                }
                neg = p;
            } else {
                if (pos >= 0 && pos != p) {
                    return false; // two protocols: never matches
                }
                pos = p;
            }
        }
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i) instanceof Match.Ports x && x.negated() && x.protocol() != pos) {
                return false; // refused by the general path
            }
        }
        if (pos >= 0) {
            if (pos == neg) {
                return false; // never matches
            }
            sep();
            b.append("-p ").append(ProtocolSlot.name(pos));
        } else if (neg >= 0) {
            sep();
            b.append("! -p ").append(ProtocolSlot.name(neg));
        }
        return true;
    }

    private static boolean multiport(int protocol) {
        return protocol == 6 || protocol == 17 || protocol == 33 || protocol == 132 || protocol == 136;
    }

    /** The networks of {@code side}: one written directly, several folded by {@link AddressSlot}. */
    private boolean address(List<Match> ms, Side side) {
        Match.Address one = null;
        int count = 0;
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i) instanceof Match.Address m && m.side() == side) {
                one = m;
                count++;
            }
        }
        if (count == 0) {
            return true;
        }
        if (count > 1) {
            // several networks fold into one part (AddressSlot never needs alternatives or guards)
            List<Match.Address> all = new ArrayList<>(count);
            for (int i = 0; i < ms.size(); i++) {
                if (ms.get(i) instanceof Match.Address m && m.side() == side) {
                    all.add(m);
                }
            }
            Slot slot = AddressSlot.resolve(all, side);
            if (slot.never()) {
                return false;
            }
            String text = slot.alternatives().get(0);
            if (!text.isEmpty()) {
                sep();
                b.append(text);
            }
            return true;
        }
        Cidr c = one.cidr();
        if (c.isCatchAll()) {
            return !one.negated(); // positive: no condition; negated: never matches
        }
        sep();
        if (one.negated()) {
            b.append("! ");
        }
        b.append(side == Side.SOURCE ? "--source " : "--destination ");
        Addresses.appendCidr(b, c);
        return true;
    }

    /** The matches that map to one module each, in IR order; the others were written above. */
    private boolean other(Match m) {
        if (m instanceof Match.AddressSet s) {
            return set(s.setName(), s.ipFamily(), SetType.NETWORKS, s.negated(), s.side(), false);
        } else if (m instanceof Match.AddressPortSet s) {
            return set(s.setName(), s.ipFamily(), SetType.ADDRESS_PROTOCOL_PORT, s.negated(), s.side(),
                    true);
        } else if (m instanceof Match.Ports p) {
            return ports(p);
        } else if (m instanceof Match.Mark k) {
            sep();
            b.append("-m mark ");
            not(k.negated());
            b.append("--mark 0x");
            IptablesText.appendHex(b, k.value());
            b.append("/0x");
            IptablesText.appendHex(b, k.mask());
        } else if (m instanceof Match.ConntrackState c) {
            if (table == TableKind.RAW) {
                return false;
            }
            if (c.states().isEmpty()) {
                return c.negated();
            }
            sep();
            b.append("-m conntrack ");
            not(c.negated());
            b.append("--ctstate ");
            boolean first = true;
            for (CtState s : CtState.values()) { // enum order, as the general path sorts them
                if (c.states().contains(s)) {
                    if (!first) {
                        b.append(',');
                    }
                    b.append(s.name());
                    first = false;
                }
            }
        } else if (m instanceof Match.ConntrackDnat d) {
            if (table == TableKind.RAW) {
                return false;
            }
            sep();
            b.append("-m conntrack ");
            not(!d.dnat());
            b.append("--ctstate DNAT");
        }
        return true;
    }

    private boolean set(String name, IpFamily setFamily, SetType type, boolean negated, Side side,
            boolean withPort) {
        String checked = slots.checkedSet(name, setFamily, type);
        sep();
        b.append("-m set ");
        not(negated);
        b.append("--match-set ").append(checked).append(' ');
        String dir = side == Side.SOURCE ? "src" : "dst";
        b.append(dir);
        if (withPort) {
            b.append(',').append(dir);
        }
        return true;
    }

    /**
     * One multiport match, or (negated) several in one rule. A positive list needing several is an OR: its first
     * split is written here and the others kept as alternatives, one line each (only one such list per rule).
     */
    private boolean ports(Match.Ports p) {
        List<PortRange> ranges = p.ranges();
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).first() <= ranges.get(i - 1).last()) {
                return false;
            }
        }
        if (ranges.isEmpty()) {
            return p.negated(); // negated: no condition; positive: never matches
        }
        String option = p.side() == Side.SOURCE ? "--source-ports " : "--destination-ports ";
        if (p.negated()) {
            int used = 0;
            for (int i = 0; i < ranges.size(); i++) {
                int cost = MultiportSplitter.slots(ranges.get(i));
                if (i == 0 || used + cost > MultiportSplitter.SLOTS) {
                    sep();
                    b.append("-m multiport ! ").append(option);
                    used = 0;
                } else {
                    b.append(',');
                }
                range(b, ranges.get(i));
                used += cost;
            }
            return true;
        }
        sep();
        int start = b.length();
        int end = -1;
        int used = 0;
        StringBuilder split = b;
        for (int i = 0; i < ranges.size(); i++) {
            int cost = MultiportSplitter.slots(ranges.get(i));
            if (i == 0 || used + cost > MultiportSplitter.SLOTS) {
                if (i > 0 && split == b) {
                    if (altStart >= 0) {
                        return false; // a second list with alternatives: the general path's cross product
                    }
                    end = b.length();
                    split = new StringBuilder(96);
                } else if (i > 0) {
                    alternatives.add(split.toString());
                    split.setLength(0);
                }
                split.append("-m multiport ").append(option);
                used = 0;
            } else {
                split.append(',');
            }
            range(split, ranges.get(i));
            used += cost;
        }
        if (split != b) {
            alternatives.add(split.toString());
            altStart = start;
            altEnd = end;
        }
        return true;
    }

    private static void range(StringBuilder to, PortRange r) {
        to.append(r.first());
        if (r.first() != r.last()) {
            to.append(':').append(r.last());
        }
    }

    private void not(boolean negated) {
        if (negated) {
            b.append("! ");
        }
    }

    /** The action of a non-dispatch rule; false for the ones only the general path writes. */
    private boolean action(IrAction a) {
        if (a instanceof IrAction.Accept) {
            sep();
            b.append("-j ACCEPT");
        } else if (a instanceof IrAction.Drop) {
            sep();
            b.append("-j DROP");
        } else if (a instanceof IrAction.Return) {
            sep();
            b.append("-j RETURN");
        } else if (a instanceof IrAction.Jump j) {
            String target = chainName.apply(j.chain());
            sep();
            b.append("-j ").append(target);
        } else if (a instanceof IrAction.Goto g) {
            String target = chainName.apply(g.chain());
            sep();
            b.append("-g ").append(target);
        } else if (a instanceof IrAction.SetMark m) {
            sep();
            b.append("-j MARK --set-xmark 0x");
            IptablesText.appendHex(b, m.value());
            b.append("/0x");
            IptablesText.appendHex(b, m.mask());
        } else if (a instanceof IrAction.Log l) {
            sep();
            b.append("-j LOG");
            if (!l.prefix().isEmpty()) {
                b.append(" --log-prefix ");
                IptablesText.appendQuoted(b, l.prefix(), IptablesText.MAX_LOG_PREFIX);
            }
            b.append(" --log-level 5");
        } else if (a instanceof IrAction.Reject && table == TableKind.FILTER) {
            sep();
            b.append("-j REJECT");
        } else if (a instanceof IrAction.Notrack && table == TableKind.RAW) {
            sep();
            b.append("-j CT --notrack");
        } else {
            return false; // an action in a table that refuses it: the general path says so
        }
        return true;
    }
}
