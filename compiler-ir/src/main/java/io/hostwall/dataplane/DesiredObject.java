package io.hostwall.dataplane;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Objects;

/**
 * One object as hostwall wants it in the kernel, in the backend's own words: a rule is the text the backend's tool
 * takes after {@code add rule <table> <chain>} (nft) or {@code -A <chain>} (iptables), an element the text inside
 * {@code add element} / after {@code add <set>}. Two objects are equal when the tool would be given the same text,
 * so a delta compares objects with {@code equals} and rewrites only those that differ.
 */
public sealed interface DesiredObject permits DesiredObject.Set, DesiredObject.Chain, DesiredObject.Hooks {

    /** {@return which object} */
    ObjectId id();

    /** {@return how many rules or elements it holds} */
    int size();

    /** {@return the objects this one refers to (jump targets, sets), which must exist while it does} */
    ImmutableSortedSet<ObjectId> uses();

    /**
     * A set or map.
     *
     * @param id its id, of kind {@link ObjectKind#SET}
     * @param declaration everything but the elements (type, flags), as the backend spells it; a set whose
     *     declaration changes is replaced, not edited
     * @param elements the elements, as the backend spells them
     */
    record Set(ObjectId id, String declaration, ImmutableSortedSet<String> elements) implements DesiredObject {
        /**
         * Checks the kind.
         *
         * @param id its id, of kind {@link ObjectKind#SET}
         * @param declaration type and flags
         * @param elements the elements
         * @throws IllegalArgumentException for an id of another kind
         */
        public Set {
            requireKind(id, ObjectKind.SET);
            Objects.requireNonNull(declaration, "declaration");
            Objects.requireNonNull(elements, "elements");
        }

        @Override
        public int size() {
            return elements.size();
        }

        @Override
        public ImmutableSortedSet<ObjectId> uses() {
            return ImmutableSortedSet.of();
        }
    }

    /**
     * A chain hostwall owns.
     *
     * @param id its id, of kind {@link ObjectKind#CHAIN}
     * @param header empty for a regular chain; for a base chain what attaches it to a hook (nft: {@code type filter
     *     hook input priority 0; policy accept;}), which cannot change in place: a new header replaces the chain
     * @param rules the rules in order
     * @param uses the chains it jumps to and the sets it matches
     */
    record Chain(ObjectId id, String header, ImmutableList<String> rules, ImmutableSortedSet<ObjectId> uses)
            implements DesiredObject {
        /**
         * Checks the kind.
         *
         * @param id its id, of kind {@link ObjectKind#CHAIN}
         * @param header empty, or the base-chain header
         * @param rules the rules in order
         * @param uses the chains and sets it refers to
         * @throws IllegalArgumentException for an id of another kind
         */
        public Chain {
            requireKind(id, ObjectKind.CHAIN);
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(uses, "uses");
        }

        @Override
        public int size() {
            return rules.size();
        }
    }

    /**
     * hostwall's rules in a chain it does not own; the backend reconciles them against what the kernel has, so
     * they are kept exactly once each and in order, and other programs' rules in that chain are left alone.
     *
     * @param id its id, of kind {@link ObjectKind#HOOKS}
     * @param rules hostwall's rules in that chain, in order
     * @param uses the chains they jump to
     */
    record Hooks(ObjectId id, ImmutableList<String> rules, ImmutableSortedSet<ObjectId> uses)
            implements DesiredObject {
        /**
         * Checks the kind.
         *
         * @param id its id, of kind {@link ObjectKind#HOOKS}
         * @param rules hostwall's rules in that chain
         * @param uses the chains they jump to
         * @throws IllegalArgumentException for an id of another kind
         */
        public Hooks {
            requireKind(id, ObjectKind.HOOKS);
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(uses, "uses");
        }

        @Override
        public int size() {
            return rules.size();
        }
    }

    private static void requireKind(ObjectId id, ObjectKind kind) {
        Objects.requireNonNull(id, "id");
        if (id.kind() != kind) {
            throw new IllegalArgumentException("expected a " + kind + " id, not " + id);
        }
    }
}
