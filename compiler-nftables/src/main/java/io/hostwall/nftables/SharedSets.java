package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The named sets and maps the backend itself adds, hoisted out of the rules that use them.
 *
 * <p>Why named and not anonymous ({@code tcp dport { 22, 80 }}): the kernel keeps an anonymous set per rule, and
 * load time grows quadratically with the number of sets in a table (DESIGN.md: 40,000 anonymous sets take
 * minutes). Named sets are content-addressed, so every rule with the same port list shares one set and the number
 * of sets is the number of distinct lists, not the number of rules.
 */
final class SharedSets {
    private final Set<String> reserved;
    private final Function<String, Optional<Nft.SetDecl>> earlier;
    /** By name; sorted when asked for (a tree kept sorted at every insert was 1 % of a cold render, JFR). */
    private final HashMap<String, Nft.SetDecl> declarations = new HashMap<>();
    private final Map<List<PortRange>, String> portNames = new HashMap<>();

    /** @param reserved names already taken (the IR's sets); sets and maps share one namespace in nft */
    SharedSets(Set<String> reserved) {
        this(reserved, name -> Optional.empty());
    }

    /**
     * The sets of a rendering that adds chains to an earlier one ({@link NftRenderMemo}): a set the earlier
     * rendering's kept chains declared is not declared again, but a different declaration under its name is the
     * collision a fresh rendering reports.
     *
     * @param reserved names already taken (the IR's sets)
     * @param earlier the declarations the kept chains made, by name
     */
    SharedSets(Set<String> reserved, Function<String, Optional<Nft.SetDecl>> earlier) {
        this.reserved = reserved;
        this.earlier = earlier;
    }

    private static final ImmutableList<String> INET_SERVICE = ImmutableList.of("inet_service");
    private static final ImmutableList<String> INTERVAL = ImmutableList.of("interval");

    /** A set of two or more port ranges ({@code type inet_service; flags interval}). */
    String ports(List<PortRange> ranges) {
        // Many rules share a list: hash it once (the name is a SHA-256 of its spelling).
        String known = portNames.get(ranges);
        return known != null ? known : portNames.computeIfAbsent(ImmutableList.copyOf(ranges), this::newPorts);
    }

    private String newPorts(List<PortRange> ranges) {
        Nft.Expr[] elements = new Nft.Expr[ranges.size()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = MatchRenderer.portRange(ranges.get(i));
        }
        // The ranges come sorted and non-overlapping from the compiler; the key keeps their order. The hash is over
        // the elements as the script spells them, so the name never depends on which writer prints the table.
        String name = NftNames.hashed("ports", spelledPorts(ranges));
        return register(new Nft.SetDecl(name, INET_SERVICE, Optional.empty(), INTERVAL, ImmutableList.copyOf(elements)),
                false);
    }

    /**
     * The one-element set {@code { <proto> . <type and code as one 16-bit number> }} for a negated ICMP match.
     *
     * <p>Why a set for one element: negated ICMP must be true for packets that are not ICMP at all, so the test is
     * {@code meta l4proto . th sport != @set}, a single lookup on (protocol, type and code). nft refuses a
     * concatenation compared with a single value ("use concatenations with sets and maps"), and {@code icmp type}
     * inside a concatenation makes nft add a {@code meta l4proto icmp} dependency that would make the rule false for
     * every non-ICMP packet; {@code th sport}, the first two bytes of the transport header, has no dependency, and
     * for ICMP and ICMPv6 those bytes are the type (high byte) and the code. A type without a code is the range
     * {@code type*256 .. type*256+255} ({@code flags interval}); a type with a code is one value.
     *
     * <p>Why not the raw payloads {@code @th,0,8 . @th,8,8}: a set keyed by raw payload needs {@code typeof}, which
     * nft 1.0.6's JSON parser cannot read (it has no sized integer type; {@code typeof} in JSON came later), so the
     * JSON document could not hold the same set. {@code inet_service} is a sized type both formats name.
     * There are only as many such sets as distinct notICMP values, and the name is readable.
     */
    String icmpNot(IpFamily family, int type, OptionalInt code) {
        int proto = family == IpFamily.V4 ? NftProtocols.ICMP : NftProtocols.ICMPV6;
        String name = "icmp" + family.version() + "-not-" + type + (code.isPresent() ? "-" + code.getAsInt() : "");
        int first = type << 8;
        Nft.Expr typeAndCode = code.isPresent() ? Nft.Num.of(first | code.getAsInt()) : new Nft.Range(first, first | 0xff);
        return register(new Nft.SetDecl(name, ImmutableList.of("inet_proto", "inet_service"), Optional.empty(),
                ImmutableList.of("interval"), ImmutableList.of(new Nft.Concat(NftProtocols.expr(proto), typeAndCode))));
    }

    /** The lookup key of {@link #icmpNot}: l4 protocol, then ICMP type and code as one big-endian 16-bit value. */
    static Nft.Expr icmpKey() {
        return new Nft.Concat(new Nft.Meta("l4proto"), new Nft.Payload("th", "sport"));
    }

    /**
     * A verdict map from interface name to {@code goto <chain>} ({@code type ifname : verdict}): one lookup per
     * packet however many interfaces the node has, and one set instead of a rule (or anonymous set) per interface.
     *
     * @param targets interface name → chain, validated by the caller
     */
    String dispatch(ImmutableSortedMap<String, String> targets) {
        ImmutableList.Builder<Nft.Expr> elements = ImmutableList.builder();
        for (Map.Entry<String, String> e : targets.entrySet()) {
            elements.add(new Nft.MapElem(new Nft.Str(NftNames.ifnameValue(e.getKey(), false)),
                    Nft.Verdict.to("goto", e.getValue())));
        }
        String name = NftNames.hashed("ifmap", spelled(elements.build()));
        return register(new Nft.SetDecl(name, ImmutableList.of("ifname"), Optional.of("verdict"), ImmutableList.of(),
                elements.build()));
    }

    /** The declarations, sorted by name. */
    ImmutableList<Nft.SetDecl> sets() {
        Nft.SetDecl[] sorted = declarations.values().toArray(Nft.SetDecl[]::new);
        Arrays.sort(sorted, (a, b) -> a.name().compareTo(b.name()));
        return ImmutableList.copyOf(sorted);
    }

    /** The declarations as the script spells them, sorted by name. */
    ImmutableList<String> declarations() {
        return sets().stream().map(NftText::set).collect(ImmutableList.toImmutableList());
    }

    /**
     * Adds the declarations of {@code other}, which wrote other chains of the same ruleset with the same reserved
     * names ({@link ChainShare}), unless one of them has the name of a different declaration of this one's: then
     * adds none and returns false (writing those chains after this one's would have met the collision).
     *
     * @return whether they were added
     */
    boolean takeAll(SharedSets other) {
        for (Nft.SetDecl d : other.declarations.values()) {
            Nft.SetDecl mine = declared(d.name()).orElse(null);
            if (mine != null && !mine.equals(d)) {
                return false;
            }
        }
        for (Nft.SetDecl d : other.declarations.values()) {
            if (declared(d.name()).isEmpty()) {
                declarations.put(d.name(), d);
            }
        }
        portNames.putAll(other.portNames); // the same lists hash to the same names in both
        return true;
    }

    /**
     * Declares a set an earlier rendering of an unchanged chain registered ({@link NftRenderMemo}), exactly as
     * rendering the chain again would: same checks, same collision rule.
     */
    void adopt(Nft.SetDecl declaration) {
        register(declaration);
    }

    /** {@return the backend's own declaration named {@code name}, if rendering registered one (or kept it)} */
    Optional<Nft.SetDecl> declared(String name) {
        Nft.SetDecl own = declarations.get(name);
        return own != null ? Optional.of(own) : earlier.apply(name);
    }

    /**
     * {@code spelled(ranges as elements)} without the visitor and stream: each distinct port list of a node passes
     * here (JFR, issue 10). A single port is its number, a range {@code first-last} (as {@link NftText} prints them).
     */
    private static String spelledPorts(List<PortRange> ranges) {
        StringBuilder b = new StringBuilder(ranges.size() * 12);
        for (int i = 0; i < ranges.size(); i++) {
            PortRange r = ranges.get(i);
            b.append(i == 0 ? "" : ",").append(r.first());
            if (r.first() != r.last()) {
                b.append('-').append(r.last());
            }
        }
        return b.toString();
    }

    private static String spelled(List<Nft.Expr> elements) {
        return elements.stream().map(NftText::expr).collect(Collectors.joining(","));
    }

    private String register(Nft.SetDecl declaration) {
        return register(declaration, true);
    }

    /**
     * @param check whether to check the name; not for {@code ports-<16 hex digits>}, valid by construction (a letter,
     *     then letters, {@code -} and digits; no nft keyword has that form)
     */
    private String register(Nft.SetDecl declaration, boolean check) {
        String name = declaration.name();
        if (check) {
            NftNames.object("set", name);
        }
        if (reserved.contains(name)) {
            throw new IllegalArgumentException("the ruleset already has a set named " + name
                    + ", which the nftables backend needs for its own set");
        }
        Nft.SetDecl old = declarations.get(name);
        if (old == null) {
            old = earlier.apply(name).orElse(null);
            if (old == null) {
                declarations.put(name, declaration);
            }
        }
        if (old != null && !old.equals(declaration)) {
            throw new IllegalStateException("set name collision: " + name);
        }
        return name;
    }
}
