package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The named sets and maps the backend itself adds, hoisted out of the rules that use them.
 *
 * <p>Why named and not anonymous ({@code tcp dport { 22, 80 }}): the kernel keeps an anonymous set per rule, and
 * load time grows quadratically with the number of sets in a table (DESIGN.md: 40,000 anonymous sets take
 * minutes). Named sets are content-addressed, so every rule with the same port list shares one set and the number
 * of sets is the number of distinct lists, not the number of rules.
 */
final class SharedSets {
    private final ImmutableSet<String> reserved;
    private final TreeMap<String, String> declarations = new TreeMap<>();

    /** @param reserved names already taken (the IR's sets); sets and maps share one namespace in nft */
    SharedSets(ImmutableSet<String> reserved) {
        this.reserved = reserved;
    }

    /** A set of two or more port ranges ({@code type inet_service; flags interval}). */
    String ports(List<PortRange> ranges) {
        List<String> elements = new ArrayList<>();
        for (PortRange r : ranges) {
            elements.add(MatchRenderer.portRange(r));
        }
        // The ranges come sorted and non-overlapping from the compiler; the key keeps their order.
        String name = NftNames.hashed("ports", String.join(",", elements));
        return register(name, SetRenderer.declaration("set", name, List.of("type inet_service", "flags interval"),
                elements));
    }

    /**
     * The one-element set {@code { <proto> . <type> [. <code>] }} for a negated ICMP match.
     *
     * <p>Why a set for one element: negated ICMP must be true for packets that are not ICMP at all, so the test is
     * {@code meta l4proto . @th,0,8 . @th,8,8 != @set}, a single lookup on (protocol, type, code). nft refuses a
     * concatenation compared with a single value ("use concatenations with sets and maps"), and {@code icmp type}
     * inside a concatenation makes nft add a {@code meta l4proto icmp} dependency that would make the rule false for
     * every non-ICMP packet; the raw payload {@code @th,0,8} (type) / {@code @th,8,8} (code) has no dependency.
     * There are only as many such sets as distinct notICMP values, and the name is readable.
     */
    String icmpNot(IpFamily family, int type, OptionalInt code) {
        int proto = family == IpFamily.V4 ? NftProtocols.ICMP : NftProtocols.ICMPV6;
        String name = "icmp" + family.version() + "-not-" + type + (code.isPresent() ? "-" + code.getAsInt() : "");
        String key = "typeof " + icmpKey(code.isPresent());
        String element = NftProtocols.name(proto) + " . " + type + (code.isPresent() ? " . " + code.getAsInt() : "");
        return register(name, SetRenderer.declaration("set", name, List.of(key), List.of(element)));
    }

    /** The lookup key of {@link #icmpNot}: l4 protocol, ICMP type (first byte), code (second byte). */
    static String icmpKey(boolean withCode) {
        return "meta l4proto . @th,0,8" + (withCode ? " . @th,8,8" : "");
    }

    /**
     * A verdict map from interface name to {@code goto <chain>} ({@code type ifname : verdict}): one lookup per
     * packet however many interfaces the node has, and one set instead of a rule (or anonymous set) per interface.
     *
     * @param targets interface name → chain, validated by the caller
     */
    String dispatch(ImmutableSortedMap<String, String> targets) {
        List<String> elements = new ArrayList<>();
        for (Map.Entry<String, String> e : targets.entrySet()) {
            elements.add(NftNames.ifname(e.getKey(), false) + " : goto " + e.getValue());
        }
        String name = NftNames.hashed("ifmap", String.join(",", elements));
        return register(name, SetRenderer.declaration("map", name, List.of("type ifname : verdict"), elements));
    }

    /** The declarations, sorted by name. */
    ImmutableList<String> declarations() {
        return ImmutableList.copyOf(declarations.values());
    }

    private String register(String name, String declaration) {
        NftNames.object("set", name);
        if (reserved.contains(name)) {
            throw new IllegalArgumentException("the ruleset already has a set named " + name
                    + ", which the nftables backend needs for its own set");
        }
        String old = declarations.putIfAbsent(name, declaration);
        if (old != null && !old.equals(declaration)) {
            throw new IllegalStateException("set name collision: " + name);
        }
        return name;
    }
}
