package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.SetType;
import io.hostwall.ir.Side;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The match part of a rule (FR §8.3 spellings). Every {@link Match} becomes one expression; they are ANDed by
 * juxtaposition.
 *
 * <p>The table is {@code inet}, so a rule that the IR restricts to one family must say so. Expressions on
 * {@code ip}/{@code ip6}/{@code icmp}/{@code icmpv6} headers make nft add {@code meta nfproto} by itself; when no
 * expression does, the rule starts with an explicit {@code meta nfproto ipv4|ipv6}.
 */
final class MatchRenderer {
    /** One rendered match and whether nft derives the rule's family from it. */
    private record Fragment(List<Nft.Match> matches, boolean impliesFamily) {
        Fragment(Nft.Match match, boolean impliesFamily) {
            this(List.of(match), impliesFamily);
        }
    }

    private final Map<String, IpSet> sets;
    private final SharedSets shared;

    MatchRenderer(Map<String, IpSet> sets, SharedSets shared) {
        this.sets = sets;
        this.shared = shared;
    }

    /** The rule's matches as nft match statements; empty when the rule matches every packet. */
    List<Nft.Stmt> render(IrRule rule) {
        Optional<IpFamily> family = family(rule);
        checkProtocols(rule);
        List<Fragment> fragments = new ArrayList<>();
        for (Match m : rule.matches()) {
            fragment(m, rule).ifPresent(fragments::add);
        }
        List<Nft.Stmt> out = new ArrayList<>();
        if (family.isPresent() && fragments.stream().noneMatch(Fragment::impliesFamily)) {
            out.add(eq(new Nft.Meta("nfproto"), new Nft.Sym(nfproto(family.get()))));
        }
        fragments.forEach(f -> out.addAll(f.matches()));
        return out;
    }

    /** The family the rule is restricted to; two different ones cannot be rendered (nor ever match). */
    private static Optional<IpFamily> family(IrRule rule) {
        Optional<IpFamily> found = Optional.empty();
        for (Match m : rule.matches()) {
            Optional<IpFamily> f = m.family();
            if (f.isPresent() && found.isPresent() && f.get() != found.get()) {
                throw new IllegalArgumentException("rule mixes IPv4 and IPv6 matches: " + rule);
            }
            found = found.isPresent() ? found : f;
        }
        return found;
    }

    /**
     * Refuses a rule whose positive matches require two different transport protocols (say {@code meta l4proto
     * udp} and {@code icmpv6 type 1}). Such a rule can never match, and nft refuses to load it ("conflicting
     * protocols specified"), so the whole script would fail; the IR promises not to build one (a Ports match goes
     * with a Protocol match of its protocol, an ICMP type with protocol ICMP/ICMPv6).
     */
    private static void checkProtocols(IrRule rule) {
        java.util.TreeSet<Integer> required = new java.util.TreeSet<>();
        for (Match m : rule.matches()) {
            if (m instanceof Match.Protocol p && !p.negated()) {
                required.add(p.number());
            } else if (m instanceof Match.Ports p && NftProtocols.hasPortHeader(p.protocol())) {
                required.add(p.protocol());
            } else if (m instanceof Match.Icmp i && !i.negated()) {
                required.add(i.ipFamily() == IpFamily.V4 ? NftProtocols.ICMP : NftProtocols.ICMPV6);
            }
        }
        if (required.size() > 1) {
            throw new IllegalArgumentException("rule can never match: it requires protocols " + required + ": " + rule);
        }
    }

    private Optional<Fragment> fragment(Match match, IrRule rule) {
        return match.accept(new Match.Visitor<Optional<Fragment>>() {
            @Override
            public Optional<Fragment> visit(Match.Family f) {
                return Optional.empty(); // the family is rendered once per rule, see render()
            }

            @Override
            public Optional<Fragment> visit(Match.Interface i) {
                return Optional.of(plain(interfaceMatch(i)));
            }

            @Override
            public Optional<Fragment> visit(Match.Protocol p) {
                return Optional.of(plain(new Nft.Match(new Nft.Meta("l4proto"), op(p.negated()),
                        NftProtocols.expr(p.number()))));
            }

            @Override
            public Optional<Fragment> visit(Match.Address a) {
                return Optional.of(new Fragment(new Nft.Match(addressField(a.cidr().family(), a.side()),
                        op(a.negated()), new Nft.Prefix(a.cidr())), true));
            }

            @Override
            public Optional<Fragment> visit(Match.AddressSet s) {
                return Optional.of(new Fragment(new Nft.Match(addressField(s.ipFamily(), s.side()), op(s.negated()),
                        new Nft.SetRef(set(s.setName(), SetType.NETWORKS, s.ipFamily()))), true));
            }

            @Override
            public Optional<Fragment> visit(Match.Ports p) {
                return Optional.of(new Fragment(ports(p, rule), false));
            }

            @Override
            public Optional<Fragment> visit(Match.AddressPortSet s) {
                Nft.Expr key = new Nft.Concat(addressField(s.ipFamily(), s.side()), new Nft.Meta("l4proto"),
                        new Nft.Payload("th", port(s.side())));
                return Optional.of(new Fragment(new Nft.Match(key, op(s.negated()),
                        new Nft.SetRef(set(s.setName(), SetType.ADDRESS_PROTOCOL_PORT, s.ipFamily()))), true));
            }

            @Override
            public Optional<Fragment> visit(Match.Icmp i) {
                return Optional.of(icmp(i));
            }

            @Override
            public Optional<Fragment> visit(Match.Mark m) {
                return Optional.of(plain(mark(m)));
            }

            @Override
            public Optional<Fragment> visit(Match.ConntrackState c) {
                return Optional.of(plain(ctState(c)));
            }

            @Override
            public Optional<Fragment> visit(Match.ConntrackDnat d) {
                // A bit test: "ct status != dnat" compares the whole status word and is true for DNAT'd flows (FR §9).
                return Optional.of(plain(new Nft.Match(new Nft.BinOp("&", new Nft.Ct("status"),
                        new Nft.Flags(ImmutableList.of("dnat"))), d.dnat() ? Nft.Op.NE : Nft.Op.EQ, Nft.Num.of(0))));
            }
        });
    }

    private static Fragment plain(Nft.Match match) {
        return new Fragment(match, false);
    }

    static Nft.Match eq(Nft.Expr left, Nft.Expr right) {
        return new Nft.Match(left, Nft.Op.IMPLICIT, right);
    }

    static Nft.Match interfaceMatch(Match.Interface i) {
        return new Nft.Match(ifKeyword(i.direction()), op(i.negated()),
                new Nft.Str(NftNames.ifnameValue(i.name(), i.prefix())));
    }

    static Nft.Meta ifKeyword(InterfaceDirection d) {
        return new Nft.Meta(d == InterfaceDirection.IN ? "iifname" : "oifname");
    }

    private static Nft.Op op(boolean negated) {
        return negated ? Nft.Op.NE : Nft.Op.IMPLICIT;
    }

    private static String nfproto(IpFamily f) {
        return f == IpFamily.V4 ? "ipv4" : "ipv6";
    }

    private static Nft.Payload addressField(IpFamily f, Side side) {
        return new Nft.Payload(f == IpFamily.V4 ? "ip" : "ip6", side == Side.SOURCE ? "saddr" : "daddr");
    }

    private static String port(Side side) {
        return side == Side.SOURCE ? "sport" : "dport";
    }

    /** The IR set {@code name}, checked to exist with the type and family the match needs. */
    private String set(String name, SetType type, IpFamily family) {
        IpSet s = sets.get(name);
        if (s == null) {
            throw new IllegalArgumentException("rule refers to set " + NftStrings.visible(name) + ", which the ruleset lacks");
        }
        if (s.type() != type || s.family() != family) {
            throw new IllegalArgumentException("set " + name + " is " + s.type() + "/" + s.family()
                    + " but a match uses it as " + type + "/" + family);
        }
        return name;
    }

    /**
     * {@code tcp dport 80}, {@code tcp dport 8000-8080}, or a shared named set for several ranges (never an
     * anonymous set, see {@link SharedSets}). A short negated list is one {@code !=} per range instead ("in none of
     * them"), and a short positive one reaches here one range at a time ({@link PortSplit}), so neither needs a set.
     */
    private List<Nft.Match> ports(Match.Ports p, IrRule rule) {
        if (p.ranges().isEmpty()) {
            throw new IllegalArgumentException("empty port list in " + rule);
        }
        String header = NftProtocols.portHeader(p.protocol()).orElseGet(() -> {
            // th (any transport header) has no protocol dependency of its own; it is only safe next to a
            // positive protocol match, which the IR promises for every Ports match.
            boolean hasProtocol = rule.matches().stream().anyMatch(
                    m -> m instanceof Match.Protocol pr && !pr.negated() && pr.number() == p.protocol());
            if (!hasProtocol) {
                throw new IllegalArgumentException("ports of protocol " + p.protocol()
                        + " need a protocol match in the same rule: " + rule);
            }
            return "th";
        });
        Nft.Payload field = new Nft.Payload(header, port(p.side()));
        if (p.ranges().size() == 1 || (p.negated() && PortSplit.inline(p))) {
            List<Nft.Match> out = new ArrayList<>(p.ranges().size());
            for (PortRange r : p.ranges()) {
                out.add(new Nft.Match(field, op(p.negated()), portRange(r)));
            }
            return out;
        }
        return List.of(new Nft.Match(field, op(p.negated()), new Nft.SetRef(shared.ports(p.ranges()))));
    }

    static Nft.Expr portRange(PortRange r) {
        return r.first() == r.last() ? Nft.Num.of(r.first()) : new Nft.Range(r.first(), r.last());
    }

    /**
     * Positive: {@code icmp type 8 icmp code 0} (nft adds the family and protocol tests), or
     * {@code meta l4proto icmp} for any type. Negated means NOT (ICMP AND type AND code) and holds for non-ICMP
     * packets too: {@code meta l4proto != icmp} for any type, otherwise a lookup of (protocol, type, code) that
     * must miss (see {@link SharedSets#icmpNot}). {@code icmp type != 8 icmp code != 0} would mean "type ≠ 8 AND
     * code ≠ 0" and be false for non-ICMP packets (FR §8.3 notICMP).
     */
    private Fragment icmp(Match.Icmp i) {
        String header = i.ipFamily() == IpFamily.V4 ? "icmp" : "icmpv6";
        int proto = i.ipFamily() == IpFamily.V4 ? NftProtocols.ICMP : NftProtocols.ICMPV6;
        if (i.type().isEmpty()) {
            if (i.code().isPresent()) {
                throw new IllegalArgumentException("ICMP code without a type: " + i);
            }
            return plain(new Nft.Match(new Nft.Meta("l4proto"), op(i.negated()), NftProtocols.expr(proto)));
        }
        int type = byteValue("ICMP type", i.type().getAsInt());
        if (i.code().isPresent()) {
            byteValue("ICMP code", i.code().getAsInt());
        }
        if (!i.negated()) {
            Nft.Match typeMatch = eq(new Nft.Payload(header, "type"), Nft.Num.of(type));
            if (i.code().isEmpty()) {
                return new Fragment(typeMatch, true);
            }
            return new Fragment(List.of(typeMatch, eq(new Nft.Payload(header, "code"), Nft.Num.of(i.code().getAsInt()))),
                    true);
        }
        String set = shared.icmpNot(i.ipFamily(), type, i.code());
        return plain(new Nft.Match(SharedSets.icmpKey(), Nft.Op.NE, new Nft.SetRef(set)));
    }

    private static int byteValue(String what, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
        return v;
    }

    private static Nft.Match mark(Match.Mark m) {
        if ((m.value() & ~m.mask()) != 0) {
            throw new IllegalArgumentException("mark value outside its mask can never match: " + m);
        }
        if (m.mask() == -1) {
            return new Nft.Match(new Nft.Meta("mark"), op(m.negated()), Nft.Num.hex(m.value()));
        }
        return new Nft.Match(new Nft.BinOp("&", new Nft.Meta("mark"), Nft.Num.hex(m.mask())),
                m.negated() ? Nft.Op.NE : Nft.Op.EQ, Nft.Num.hex(m.value()));
    }

    /**
     * Positive {@code ct state established,related} is a bit test (any of them). The negation is written as an
     * explicit bit test too: {@code ct state != established,related} compiles to a compare of the whole word
     * with 0x6 (verified, nft 1.0.6), which is true for every packet.
     */
    private static Nft.Match ctState(Match.ConntrackState c) {
        if (c.states().isEmpty()) {
            throw new IllegalArgumentException("empty conntrack state list");
        }
        Nft.Flags states = new Nft.Flags(c.states().stream().sorted()
                .map(s -> s.name().toLowerCase(Locale.ROOT)).collect(ImmutableList.toImmutableList()));
        if (!c.negated()) {
            return new Nft.Match(new Nft.Ct("state"), Nft.Op.ANY_OF, states);
        }
        return new Nft.Match(new Nft.BinOp("&", new Nft.Ct("state"), states), Nft.Op.EQ, Nft.Num.of(0));
    }
}
