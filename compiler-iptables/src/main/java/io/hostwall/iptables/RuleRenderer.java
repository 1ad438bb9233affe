package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One IR rule → the iptables rules (text after {@code -A CHAIN}) of one table in one family's document.
 *
 * <p>Most rules become one line. A rule becomes several lines when a part of it has disjoint alternatives (a port
 * list longer than 15 multiport slots, a negated ICMP type without protocol): one line per combination; since no
 * packet matches two of them, this is exact whatever the action does. A {@link IrAction.Dispatch} becomes one
 * {@code -i NAME -g CHAIN} line per entry (iptables has no verdict maps). Conditions that need a second
 * {@code -p}/{@code -i} become guards in a helper chain: {@code ... -j HELPER}, HELPER = {@code guard -j RETURN}...,
 * then the action. That is exact only for actions whose meaning does not depend on the chain they run in, so a
 * rule that needs guards and returns or goes to a chain is refused.
 */
final class RuleRenderer {
    /** Rules of one IR rule, plus the helper chains they use. */
    record Rendered(ImmutableList<String> rules, ImmutableList<OwnChain> helpers) {
        static final Rendered NONE = new Rendered(ImmutableList.of(), ImmutableList.of());
    }

    /** What {@link #appliesHere} found: not in this family's document, only in it, or in both. */
    private static final int NOT_HERE = 0;
    private static final int THIS_ONE = 1;
    private static final int BOTH = 2;
    /** Added to THIS_ONE or BOTH by {@link #appliesHere}: the rule has a conntrack match. */
    private static final int CONNTRACK = 4;

    private final IpFamily family;
    private final TableKind table;
    private final Function<String, String> chainName;
    private final MatchSlots slots;
    private final FastRule fast;
    private final Map<Object, KeptChain> kept;

    /**
     * @param chainName iptables name of an IR chain a rule jumps or goes to; throws for chains that do not exist
     */
    RuleRenderer(IpFamily family, TableKind table, Function<String, String> chainName, MatchSlots slots) {
        this(family, table, chainName, slots, new IdentityHashMap<>());
    }

    /**
     * @param kept what {@link #chain} rendered of each IR chain (by identity), shared with the renderers of the
     *     other tables and family of the same ruleset (and chain names): a rule without family-bound matches prints
     *     the same in both documents (what differs by family — ICMP, sets, addresses — always comes with a
     *     family-bound match); see {@link KeptChain} for tables. Rules that need the general path are not shared.
     */
    RuleRenderer(IpFamily family, TableKind table, Function<String, String> chainName, MatchSlots slots,
            Map<Object, KeptChain> kept) {
        this.family = family;
        this.table = table;
        this.chainName = chainName;
        this.slots = slots;
        this.fast = new FastRule(family, table, chainName, slots);
        this.kept = kept;
    }

    /**
     * The lines of IR chain {@code ir} (named {@code owner}, with {@code rules}) in this family's document; the
     * helper chains they need go to {@code helpers}.
     *
     * <p>A chain rendered before in a table and family where its lines hold for this one is taken as it was
     * ({@link KeptChain}). Else the chain is rendered; the first family to render it in a table keeps the lines
     * of its rules that print the same in both documents, per rule index, and the other family takes those. A
     * chain and an index name one rule, so what is taken is what would have been rendered.
     */
    ImmutableList<String> chain(Object ir, String owner, List<IrRule> rules, List<OwnChain> helpers) {
        KeptChain k = kept.get(ir);
        if (k == null) {
            k = new KeptChain();
            kept.put(ir, k);
        }
        return chain(k, owner, rules, helpers);
    }

    /**
     * {@link #chain(Object, String, List, List)} with what was kept of the chain given, not looked up: for renderers
     * on several threads, each keeping its own chains ({@link ChainRenderings}). A failed call keeps nothing.
     */
    ImmutableList<String> chain(KeptChain k, String owner, List<IrRule> rules, List<OwnChain> helpers) {
        ImmutableList<String> taken = k.lines(family, table);
        if (taken != null) {
            return taken;
        }
        Object[] byRule = k.byRule(table);
        Object[] keep = byRule == null ? new Object[rules.size()] : null;
        boolean keptAny = false;
        boolean everyFamily = true;
        boolean whole = true; // every rule by the fast path (or in no document here): no helpers, no guards
        int tables = KeptChain.ALL_TABLES;
        List<String> lines = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            IrRule rule = rules.get(i);
            Object same = byRule == null ? null : byRule[i];
            if (same != null) {
                // rendered for the other family's document of this table: the same text
                if (same instanceof String line) {
                    lines.add(line);
                } else {
                    lines.addAll(Arrays.asList((String[]) same));
                }
                tables &= tables(rule, (appliesHere(rule) & CONNTRACK) != 0);
                continue;
            }
            int found = appliesHere(rule);
            if (found == NOT_HERE) {
                everyFamily = false;
                continue;
            }
            int before = lines.size();
            if (renderFast(rule, lines)) {
                tables &= tables(rule, (found & CONNTRACK) != 0);
                if ((found & BOTH) != 0) {
                    if (keep != null) {
                        int n = lines.size() - before;
                        keep[i] = n == 1 ? lines.get(before) : lines.subList(before, lines.size()).toArray(new String[0]);
                        keptAny = true;
                    }
                } else {
                    everyFamily = false;
                }
                continue;
            }
            everyFamily = false;
            whole = false;
            Rendered r = general(rule, owner, i);
            lines.addAll(r.rules());
            helpers.addAll(r.helpers());
        }
        ImmutableList<String> out = ImmutableList.copyOf(lines);
        if (whole) {
            k.keep(family, everyFamily, tables, out);
        } else if (keptAny) {
            k.keepByRule(table, keep);
        }
        return out;
    }

    /**
     * The tables in which {@link FastRule} prints a rule as in this one: it asks the table only about conntrack
     * matches (not in raw), REJECT (filter only) and CT --notrack (raw only).
     */
    private int tables(IrRule rule, boolean conntrack) {
        int out = KeptChain.ALL_TABLES;
        if (conntrack) {
            out &= KeptChain.alike(table, TableKind.RAW);
        }
        IrAction a = rule.action();
        if (a instanceof IrAction.Reject) {
            out &= KeptChain.alike(table, TableKind.FILTER);
        } else if (a instanceof IrAction.Notrack) {
            out &= KeptChain.alike(table, TableKind.RAW);
        }
        return out;
    }

    /**
     * Renders rule number {@code index} of IR chain {@code owner} into {@code lines} (and the helper chains it needs
     * into {@code helpers}); nothing when it cannot match in this family.
     */
    void render(IrRule rule, String owner, int index, List<String> lines, List<OwnChain> helpers) {
        if (appliesHere(rule) == NOT_HERE) {
            return;
        }
        if (renderFast(rule, lines)) {
            return;
        }
        Rendered r = general(rule, owner, index);
        lines.addAll(r.rules());
        helpers.addAll(r.helpers());
    }

    /** The rule's lines by {@link FastRule}, appended; false (and {@code lines} as before) when it does not fit. */
    private boolean renderFast(IrRule rule, List<String> lines) {
        int before = lines.size();
        try {
            if (fast.render(rule, lines)) {
                return true;
            }
        } catch (IllegalArgumentException e) {
            // The general path decides, and reports the error exactly as it always has.
        }
        if (lines.size() > before) {
            lines.subList(before, lines.size()).clear();
        }
        return false;
    }

    /** {@link #render(IrRule, String, int, List, List)} as one value, for tests. */
    Rendered render(IrRule rule, String owner, int index) {
        List<String> lines = new ArrayList<>();
        List<OwnChain> helpers = new ArrayList<>();
        render(rule, owner, index, lines, helpers);
        return new Rendered(ImmutableList.copyOf(lines), ImmutableList.copyOf(helpers));
    }

    /**
     * Whether the rule can match in this document's family: its first family-bound match decides (as
     * {@link IrRule#appliesTo}); a rule of this family with a match of the other one is refused. A rule without
     * family-bound matches is in both documents, with the same text.
     */
    private int appliesHere(IrRule rule) {
        IpFamily first = null;
        int conntrack = 0;
        List<Match> ms = rule.matches();
        for (int i = 0; i < ms.size(); i++) {
            Match m = ms.get(i);
            IpFamily f = familyOf(m);
            if (f != null) {
                if (first == null) {
                    first = f;
                    if (first != family) {
                        return NOT_HERE;
                    }
                } else if (f != family) {
                    throw new IllegalArgumentException("rule mixes IPv4 and IPv6 matches: " + rule.matches());
                }
            } else if (m instanceof Match.ConntrackState || m instanceof Match.ConntrackDnat) {
                conntrack = CONNTRACK;
            }
        }
        return (first == null ? BOTH : THIS_ONE) | conntrack;
    }

    /** {@link Match#family()} without an {@code Optional} for the matches that never name one (most of them). */
    private static IpFamily familyOf(Match m) {
        if (m instanceof Match.Mark || m instanceof Match.Protocol || m instanceof Match.Ports
                || m instanceof Match.Interface || m instanceof Match.ConntrackState || m instanceof Match.ConntrackDnat) {
            return null;
        }
        if (m instanceof Match.Address a) {
            return a.cidr().family();
        }
        if (m instanceof Match.AddressSet s) {
            return s.ipFamily();
        }
        if (m instanceof Match.AddressPortSet s) {
            return s.ipFamily();
        }
        return m.family().orElse(null);
    }

    /** The general path: every slot resolved with all its alternatives and guards. */
    private Rendered general(IrRule rule, String owner, int index) {
        List<String> commentList = rule.comments();
        String comments = commentList.size() == 1 ? IptablesText.comment(commentList.get(0))
                : Fragments.join(commentList.stream().map(IptablesText::comment).toList());
        Optional<InterfaceDirection> dispatch = rule.action() instanceof IrAction.Dispatch d
                ? Optional.of(d.direction()) : Optional.empty();
        List<Slot> parts = slots(rule.matches(), dispatch);
        List<String> guards = new ArrayList<>(0);
        for (Slot s : parts) {
            if (s.never()) {
                return Rendered.NONE;
            }
            guards.addAll(s.guards());
        }
        List<String> actions = actions(rule);
        List<String> combos = combinations(parts);
        ImmutableList.Builder<String> out = ImmutableList.builder();
        if (guards.isEmpty()) {
            for (String combo : combos) {
                for (String action : actions) {
                    out.add(Fragments.join(comments, combo, action));
                }
            }
            return new Rendered(out.build(), ImmutableList.of());
        }
        requireHelperSafe(rule.action());
        String helper = ChainNames.helper(owner, index, "guard");
        ImmutableList.Builder<String> helperRules = ImmutableList.builder();
        guards.forEach(g -> helperRules.add(Fragments.join(g, "-j RETURN")));
        helperRules.add(Fragments.join(comments, actions.get(0)));
        combos.forEach(c -> out.add(Fragments.join(comments, c, "-j " + helper)));
        return new Rendered(out.build(), ImmutableList.of(new OwnChain(helper, helperRules.build())));
    }

    /** The parts in a fixed order: interfaces, protocol (before any module that needs it), addresses, the rest. */
    private List<Slot> slots(List<Match> matches, Optional<InterfaceDirection> dispatch) {
        List<Slot> parts = new ArrayList<>();
        for (InterfaceDirection d : InterfaceDirection.values()) {
            if (dispatch.equals(Optional.of(d))) {
                continue; // decided per dispatch entry
            }
            parts.add(InterfaceSlot.resolve(interfaces(matches, d), d));
        }
        parts.add(ProtocolSlot.resolve(matches, family));
        for (Side side : Side.values()) {
            List<Match.Address> a = new ArrayList<>(1);
            for (Match m : matches) {
                if (m instanceof Match.Address x && x.side() == side) {
                    a.add(x);
                }
            }
            parts.add(AddressSlot.resolve(a, side));
        }
        for (Match m : matches) {
            if (table == TableKind.RAW && (m instanceof Match.ConntrackState || m instanceof Match.ConntrackDnat)) {
                // Conntrack runs after raw; the IR never tests its state there (TableKind).
                throw new IllegalArgumentException("conntrack match in a chain reached from the raw table: " + m);
            }
            parts.add(slots.of(m));
        }
        return parts;
    }

    /** The action part of each line: one line, or one per dispatch entry. */
    private List<String> actions(IrRule rule) {
        return rule.action().accept(new IrAction.Visitor<List<String>>() {
            @Override
            public List<String> visit(IrAction.Accept a) {
                return List.of("-j ACCEPT");
            }

            @Override
            public List<String> visit(IrAction.Drop a) {
                return List.of("-j DROP");
            }

            @Override
            public List<String> visit(IrAction.Reject a) {
                requireTable(TableKind.FILTER, "REJECT");
                return List.of("-j REJECT");
            }

            @Override
            public List<String> visit(IrAction.Return a) {
                return List.of("-j RETURN");
            }

            @Override
            public List<String> visit(IrAction.Jump j) {
                return List.of("-j " + chainName.apply(j.chain()));
            }

            @Override
            public List<String> visit(IrAction.Goto g) {
                return List.of("-g " + chainName.apply(g.chain()));
            }

            @Override
            public List<String> visit(IrAction.SetMark m) {
                // xmark: mark = (mark & ~mask) ^ value, which is the IR's (mark & ~mask) | value as value ⊆ mask.
                return List.of("-j MARK --set-xmark " + IptablesText.hex(m.value()) + "/" + IptablesText.hex(m.mask()));
            }

            @Override
            public List<String> visit(IrAction.Log l) {
                String prefix = l.prefix().isEmpty() ? ""
                        : " --log-prefix " + IptablesText.quoted(l.prefix(), IptablesText.MAX_LOG_PREFIX);
                return List.of("-j LOG" + prefix + " --log-level 5");
            }

            @Override
            public List<String> visit(IrAction.Notrack a) {
                requireTable(TableKind.RAW, "CT --notrack");
                return List.of("-j CT --notrack");
            }

            @Override
            public List<String> visit(IrAction.Dispatch d) {
                List<Match.Interface> filters = interfaces(rule.matches(), d.direction());
                String flag = InterfaceSlot.flag(d.direction());
                List<String> out = new ArrayList<>();
                for (Map.Entry<String, String> e : d.targets().entrySet()) {
                    String name = IptablesText.interfaceName(e.getKey(), false);
                    if (InterfaceSlot.admits(name, filters)) {
                        out.add(flag + " " + name + " -g " + chainName.apply(e.getValue()));
                    }
                }
                return out;
            }
        });
    }

    /** The cross product of the slots' alternatives, in slot order. */
    private static List<String> combinations(List<Slot> parts) {
        if (parts.stream().allMatch(s -> s.alternatives().size() == 1)) {
            // the common case, one alternative each: one line, joined once instead of slot by slot
            List<String> only = new ArrayList<>(parts.size());
            for (Slot s : parts) {
                only.add(s.alternatives().get(0));
            }
            return List.of(Fragments.join(only));
        }
        List<String> out = List.of("");
        for (Slot s : parts) {
            List<String> next = new ArrayList<>(out.size() * s.alternatives().size());
            for (String prefix : out) {
                for (String alt : s.alternatives()) {
                    next.add(Fragments.join(prefix, alt));
                }
            }
            out = next;
        }
        return out;
    }

    static List<Match.Interface> interfaces(List<Match> matches, InterfaceDirection d) {
        List<Match.Interface> out = new ArrayList<>(1);
        for (Match m : matches) {
            if (m instanceof Match.Interface i && i.direction() == d) {
                out.add(i);
            }
        }
        return out;
    }

    private void requireTable(TableKind wanted, String target) {
        if (table != wanted) {
            throw new IllegalArgumentException(target + " is only valid in the " + wanted.iptablesName()
                    + " table, but a chain using it is reached from " + table.iptablesName());
        }
    }

    /** Actions that mean the same in a helper chain called with -j as in the chain the IR rule is in. */
    private static void requireHelperSafe(IrAction a) {
        if (a instanceof IrAction.Return || a instanceof IrAction.Goto || a instanceof IrAction.Dispatch) {
            throw new IllegalArgumentException("cannot express a rule that needs a second -p/-i condition together with "
                    + a.getClass().getSimpleName() + " (it would run in a helper chain)");
        }
    }
}
