package io.hostwall.dataplane;

import java.util.Objects;

/**
 * One kernel object hostwall owns, by kind, scope and name. The scope is where the name is unique: an nft table
 * ({@code inet hostwall}), an iptables family and table ({@code ip filter}, {@code ip6 raw}) or {@code ipset}. Ids
 * order by kind, scope, then name, so states and deltas iterate in one fixed order.
 *
 * @param kind what the object is
 * @param scope where its name is unique
 * @param name its name in the kernel
 */
public record ObjectId(ObjectKind kind, String scope, String name) implements Comparable<ObjectId> {
    /**
     * Checks the parts.
     *
     * @param kind what the object is
     * @param scope where its name is unique; not blank
     * @param name its name in the kernel; not blank, no whitespace
     * @throws IllegalArgumentException for a blank scope or a blank or spaced name
     */
    public ObjectId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        if (scope.isBlank() || name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("bad object id: " + kind + " \"" + scope + "\" \"" + name + "\"");
        }
    }

    /**
     * A chain hostwall owns.
     *
     * @param scope the table
     * @param name the chain
     * @return the id
     */
    public static ObjectId chain(String scope, String name) {
        return new ObjectId(ObjectKind.CHAIN, scope, name);
    }

    /**
     * A set or map.
     *
     * @param scope the table, or {@code ipset}
     * @param name the set
     * @return the id
     */
    public static ObjectId set(String scope, String name) {
        return new ObjectId(ObjectKind.SET, scope, name);
    }

    /**
     * hostwall's rules in a chain it does not own.
     *
     * @param scope the table
     * @param chain the foreign chain, e.g. {@code INPUT}
     * @return the id
     */
    public static ObjectId hooks(String scope, String chain) {
        return new ObjectId(ObjectKind.HOOKS, scope, chain);
    }

    @Override
    public int compareTo(ObjectId o) {
        // Spelled out rather than a composed Comparator: a desired state sorts thousands of ids per live sync, and
        // the key extractors cost more than the comparisons (JFR, issue 10). Same order: kind, scope, name.
        if (this == o) {
            return 0;
        }
        int c = kind.compareTo(o.kind);
        c = c != 0 || scope == o.scope ? c : scope.compareTo(o.scope);
        return c != 0 ? c : name.compareTo(o.name);
    }

    /** {@return e.g. {@code chain inet hostwall hw-filter-input}} */
    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + scope + " " + name;
    }
}
