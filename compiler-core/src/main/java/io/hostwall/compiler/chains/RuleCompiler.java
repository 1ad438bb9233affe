package io.hostwall.compiler.chains;

import io.hostwall.compiler.plan.AddressBook;
import io.hostwall.compiler.plan.FelixFamilies;
import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.MarkBits;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Side;
import io.hostwall.model.Action;
import io.hostwall.net.Cidr;
import io.hostwall.model.EntityRule;
import io.hostwall.model.IcmpMatch;
import io.hostwall.net.IpFamily;
import io.hostwall.model.PortSpec;
import io.hostwall.model.PortSpec.NamedPort;
import io.hostwall.net.PortRange;
import io.hostwall.model.Protocol;
import io.hostwall.model.Rule;
import io.hostwall.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one policy or profile rule into IR rules (SEMANTICS §3, FR §8). A rule is compiled once per IP family;
 * when both families give the same family-neutral matches it is emitted once. OR-ed alternatives (numeric and
 * named ports on one side) become one IR rule each — exact for Allow, Deny and Pass, whose effects are
 * idempotent; Log goes through a scratch mark so that a packet is logged once.
 */
public final class RuleCompiler {
    /** Rule nets lists up to this size are written as rules, longer ones as a set. */
    static final int INLINE_NETS = 4;

    private final AddressBook book;
    private final SetRegistry sets;
    private final MarkBits marks;
    private final String logPrefix;

    public RuleCompiler(AddressBook book, SetRegistry sets, MarkBits marks, String logPrefix) {
        this.book = book;
        this.sets = sets;
        this.marks = marks;
        this.logPrefix = logPrefix;
    }

    /**
     * The IR rules for {@code rule}; {@code deny} is what a Deny does in the chain's table. Returns no rules when
     * the rule can match no packet; every rule returned has {@code origin} (e.g. its selector resolves to no address in either family).
     */
    ImmutableList<IrRule> compile(Rule rule, IrAction deny, RuleOrigin origin) {
        List<List<Match>> v4 = alternatives(rule, IpFamily.V4);
        List<List<Match>> v6 = alternatives(rule, IpFamily.V6);
        List<List<Match>> all = new ArrayList<>();
        if (v4.equals(v6) && v4.stream().allMatch(RuleCompiler::familyNeutral)) {
            all.addAll(v4);
        } else {
            all.addAll(withFamily(v4, IpFamily.V4));
            all.addAll(withFamily(v6, IpFamily.V6));
        }
        if (all.isEmpty() && rule.action() != Action.PASS) {
            return ImmutableList.of();
        }
        ImmutableList.Builder<IrRule> out = ImmutableList.builder();
        switch (rule.action()) {
            case ALLOW -> {
                for (List<Match> alt : all) {
                    out.add(rule(alt, new IrAction.SetMark(marks.accept(), marks.accept()), origin));
                }
                out.add(rule(List.of(new Match.Mark(marks.accept(), marks.accept(), false)), new IrAction.Return(), origin));
            }
            case PASS -> {
                for (List<Match> alt : all) {
                    out.add(rule(alt, new IrAction.SetMark(marks.pass(), marks.pass()), origin));
                }
                passReturn(rule).ifPresent(m -> out.add(rule(m, new IrAction.Return(), origin)));
            }
            case DENY -> {
                for (List<Match> alt : all) {
                    out.add(rule(alt, deny, origin));
                }
            }
            case LOG -> {
                IrAction log = new IrAction.Log(logPrefix + ": ");
                if (all.size() == 1) {
                    out.add(rule(all.get(0), log, origin));
                } else {
                    int s = marks.scratch0();
                    out.add(rule(List.of(), new IrAction.SetMark(0, s), origin));
                    for (List<Match> alt : all) {
                        out.add(rule(alt, new IrAction.SetMark(s, s), origin));
                    }
                    out.add(rule(List.of(new Match.Mark(s, s, false)), log, origin));
                }
            }
            default -> throw new AssertionError(rule.action());
        }
        return out.build();
    }

    /**
     * The matches of a Pass rule's "pass mark set: return" rule. Felix renders it in every family whose chain holds
     * the rule at all — also when the rule's selectors resolve to nothing there — and nowhere else. It shows when a
     * packet reaches the rule with the mark already set (in a profile, after a policy's or an earlier profile's
     * Pass): the profile then ends whether the rule matches or not (SEMANTICS §5).
     */
    private Optional<List<Match>> passReturn(Rule rule) {
        Match passSet = new Match.Mark(marks.pass(), marks.pass(), false);
        boolean v4 = FelixFamilies.rendersIn(rule, IpFamily.V4);
        boolean v6 = FelixFamilies.rendersIn(rule, IpFamily.V6);
        if (v4 && v6) {
            return Optional.of(List.of(passSet));
        }
        if (v4 || v6) {
            return Optional.of(List.of(new Match.Family(v4 ? IpFamily.V4 : IpFamily.V6), passSet));
        }
        return Optional.empty();
    }

    private static IrRule rule(List<Match> matches, IrAction action, RuleOrigin origin) {
        return new IrRule(ImmutableList.copyOf(matches), action, origin);
    }

    private static boolean familyNeutral(List<Match> alt) {
        return alt.stream().allMatch(m -> m.family().isEmpty());
    }

    /**
     * Restricts each alternative to family f. Address, set and positive ICMP matches already imply their family;
     * a negated ICMP match does not (it holds for every non-ICMP packet, of either family), so it needs the explicit
     * family match too.
     */
    private static List<List<Match>> withFamily(List<List<Match>> alts, IpFamily f) {
        List<List<Match>> out = new ArrayList<>();
        for (List<Match> alt : alts) {
            boolean bound = alt.stream().anyMatch(m -> m.family().isPresent() && !(m instanceof Match.Icmp i && i.negated()));
            if (!bound) {
                List<Match> m = new ArrayList<>();
                m.add(new Match.Family(f));
                m.addAll(alt);
                out.add(m);
            } else {
                out.add(alt);
            }
        }
        return out;
    }

    /**
     * The OR-ed alternatives (each an AND of matches) of {@code rule} for packets of family {@code f}; empty when
     * the rule cannot match such packets.
     */
    private List<List<Match>> alternatives(Rule rule, IpFamily f) {
        if (rule.ipVersion().isPresent() && rule.ipVersion().get() != f) {
            return List.of();
        }
        Optional<Protocol> proto = rule.protocol();
        if (proto.isPresent() && (proto.get().isIcmp() && f != IpFamily.V4 || proto.get().isIcmpV6() && f != IpFamily.V6)) {
            return List.of();
        }
        Optional<List<Match>> positive = protocolMatch(rule, f);
        Optional<List<Match>> negative = negatives(rule, f);
        Optional<List<List<Match>>> src = side(rule, rule.source(), Side.SOURCE, f);
        Optional<List<List<Match>>> dst = side(rule, rule.destination(), Side.DESTINATION, f);
        if (positive.isEmpty() || negative.isEmpty() || src.isEmpty() || dst.isEmpty()) {
            return List.of();
        }
        List<List<Match>> out = new ArrayList<>();
        for (List<Match> s : src.get()) {
            for (List<Match> d : dst.get()) {
                List<Match> alt = new ArrayList<>(positive.get());
                alt.addAll(s);
                alt.addAll(d);
                icmp(rule.icmp(), proto, f, false).ifPresent(alt::add);
                alt.addAll(negative.get());
                out.add(alt);
            }
        }
        return out;
    }

    /** The positive protocol match, if any. */
    private Optional<List<Match>> protocolMatch(Rule rule, IpFamily f) {
        List<Match> out = new ArrayList<>();
        rule.protocol().ifPresent(p -> out.add(new Match.Protocol(p.number(), false)));
        return Optional.of(out);
    }

    /** Negated criteria: notProtocol, notNets, notSelector, notPorts, notICMP. Empty = cannot match in f. */
    private Optional<List<Match>> negatives(Rule rule, IpFamily f) {
        List<Match> out = new ArrayList<>();
        rule.notProtocol().ifPresent(p -> out.add(new Match.Protocol(p.number(), true)));
        for (Side side : Side.values()) {
            EntityRule e = side == Side.SOURCE ? rule.source() : rule.destination();
            Optional<List<Match>> nets = negatedNets(e.notNets(), side, f);
            if (nets.isEmpty()) {
                return Optional.empty();
            }
            out.addAll(nets.get());
            if (e.notSelector().isPresent()) {
                Selector notSelector = e.notSelector().get();
                addressMatch(notSelector, book.networks(notSelector, f), side, f, true).ifPresent(out::add);
            }
            List<PortRange> numeric = numeric(e.notPorts());
            if (!numeric.isEmpty()) {
                out.add(new Match.Ports(side, portProtocol(rule), Coalesce.ports(numeric), true));
            }
            List<String> named = named(e.notPorts());
            if (!named.isEmpty()) {
                namedPortSet(rule, e.selector(), named, side, f, true).ifPresent(out::add);
            }
        }
        icmp(rule.notIcmp(), rule.protocol(), f, true).ifPresent(out::add);
        return Optional.of(out);
    }

    /**
     * The alternatives one side contributes: its nets and selector, and its ports (numeric and named ports are
     * OR-ed; named ports carry the side's selector inside their set). Empty = the side cannot match in f.
     */
    private Optional<List<List<Match>>> side(Rule rule, EntityRule e, Side side, IpFamily f) {
        Optional<List<List<Match>>> nets = positiveNets(e.nets(), side, f);
        if (nets.isEmpty()) {
            return Optional.empty();
        }
        List<PortRange> numeric = numeric(e.ports());
        List<String> named = named(e.ports());
        List<List<Match>> portAlts = new ArrayList<>();
        if (named.isEmpty() || !numeric.isEmpty()) {
            // The selector's own match only when an alternative uses it: named ports carry the selector in their
            // set, and a set no rule uses would still be written to the kernel.
            ImmutableList<Cidr> resolved = e.selector().map(s -> book.networks(s, f)).orElse(ImmutableList.of());
            if (e.selector().isEmpty() || !resolved.isEmpty()) {
                List<Match> alt = new ArrayList<>();
                e.selector().flatMap(s -> addressMatch(s, resolved, side, f, false)).ifPresent(alt::add);
                if (!numeric.isEmpty()) {
                    alt.add(new Match.Ports(side, portProtocol(rule), Coalesce.ports(numeric), false));
                }
                portAlts.add(alt);
            }
        }
        if (!named.isEmpty()) {
            namedPortSet(rule, e.selector(), named, side, f, false).ifPresent(m -> portAlts.add(List.of(m)));
        }
        List<List<Match>> alts = new ArrayList<>();
        for (List<Match> n : nets.get()) {
            for (List<Match> p : portAlts) {
                List<Match> alt = new ArrayList<>(n);
                alt.addAll(p);
                alts.add(alt);
            }
        }
        return alts.isEmpty() ? Optional.empty() : Optional.of(alts);
    }

    /**
     * The alternatives of a positive nets list in family f: none given → one empty alternative; a short list → one
     * alternative per network (rules are cheap and sets are not, DESIGN.md; Felix too renders rule nets as
     * several rules); a long list → one set. A non-empty list with nothing of family f → the rule does not exist in
     * f (empty).
     */
    private Optional<List<List<Match>>> positiveNets(List<Cidr> nets, Side side, IpFamily f) {
        if (nets.isEmpty()) {
            return Optional.of(List.of(List.of()));
        }
        ImmutableList<Cidr> ofFamily = Coalesce.networks(nets.stream().filter(c -> c.family() == f).toList());
        if (ofFamily.isEmpty()) {
            return Optional.empty();
        }
        if (ofFamily.size() > INLINE_NETS) {
            return Optional.of(List.of(List.of(new Match.AddressSet(side, sets.networks(f, ofFamily), f, false))));
        }
        return Optional.of(ofFamily.stream().map(c -> List.<Match>of(new Match.Address(side, c, false))).toList());
    }

    /**
     * Matches for a notNets list in family f: up to {@link #INLINE_NETS} negated addresses (AND), else one negated
     * set. A non-empty list with nothing of family f means the rule does not exist in f (Felix drops it, FR §8.2):
     * empty result.
     */
    private Optional<List<Match>> negatedNets(List<Cidr> nets, Side side, IpFamily f) {
        if (nets.isEmpty()) {
            return Optional.of(List.of());
        }
        ImmutableList<Cidr> ofFamily = Coalesce.networks(nets.stream().filter(c -> c.family() == f).toList());
        if (ofFamily.isEmpty()) {
            return Optional.empty();
        }
        if (ofFamily.size() > INLINE_NETS) {
            return Optional.of(List.of(new Match.AddressSet(side, sets.networks(f, ofFamily), f, true)));
        }
        return Optional.of(ofFamily.stream().map(c -> (Match) new Match.Address(side, c, true)).toList());
    }

    /**
     * One address or set match for the coalesced networks {@code selector} resolves to; empty for none. A single
     * network is matched inline (no set for one element), which means a selector's rule changes when it goes from
     * one network to two; beyond that its set keeps its name and only its elements change.
     */
    private Optional<Match> addressMatch(Selector selector, ImmutableList<Cidr> nets, Side side, IpFamily f,
            boolean negated) {
        if (nets.isEmpty()) {
            return Optional.empty();
        }
        if (nets.size() == 1) {
            return Optional.of(new Match.Address(side, nets.get(0), negated));
        }
        return Optional.of(new Match.AddressSet(side, sets.selected(f, selector, nets), f, negated));
    }

    private Optional<Match> namedPortSet(Rule rule, Optional<Selector> selector, List<String> names, Side side,
            IpFamily f, boolean negated) {
        ImmutableList<AddressBook.NamedPortMember> members = book.namedPortMembers(selector, names, rule.protocol(), f);
        if (members.isEmpty()) {
            return Optional.empty();
        }
        String set = sets.addressPorts(f, selector, names, rule.protocol(), members);
        return Optional.of(new Match.AddressPortSet(side, set, f, negated));
    }

    private static Optional<Match> icmp(Optional<IcmpMatch> icmp, Optional<Protocol> proto, IpFamily f, boolean negated) {
        if (icmp.isEmpty()) {
            return Optional.empty();
        }
        // The ICMP family is the rule protocol's; without a protocol (only possible for notICMP) it is the packet's.
        IpFamily icmpFamily = proto.map(p -> p.isIcmpV6() ? IpFamily.V6 : IpFamily.V4).orElse(f);
        if (icmpFamily != f) {
            return Optional.empty();
        }
        return Optional.of(new Match.Icmp(f, icmp.get().type(), icmp.get().code(), negated));
    }

    private static int portProtocol(Rule rule) {
        return rule.protocol().map(Protocol::number)
                .orElseThrow(() -> new IllegalStateException("numeric ports without a protocol passed validation"));
    }

    // Loops, not streams: these run four times per rule and family, and their stream pipelines were 40 % of a fresh
    // compile's allocation (JFR jdk.ObjectAllocationSample, issue 10); most port lists are empty.
    private static List<PortRange> numeric(List<PortSpec> ports) {
        if (ports.isEmpty()) {
            return List.of();
        }
        List<PortRange> out = new ArrayList<>(ports.size());
        for (PortSpec p : ports) {
            if (p instanceof PortSpec.Numeric n) {
                out.add(n.range());
            }
        }
        return out;
    }

    private static List<String> named(List<PortSpec> ports) {
        List<String> out = null;
        for (PortSpec p : ports) {
            if (p instanceof NamedPort n) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                if (!out.contains(n.name())) {
                    out.add(n.name());
                }
            }
        }
        if (out == null) {
            return List.of();
        }
        out.sort(null);
        return List.copyOf(out); // it becomes part of set keys
    }
}
