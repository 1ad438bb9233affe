package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One part of a rendered rule. {@code alternatives} are match fragments that are pairwise disjoint (no packet
 * matches two of them); the rule is written once per alternative, and since each packet matches at most one copy
 * the copies behave exactly like the one IR rule for every action, logging and jumping included. {@code guards}
 * are fragments a matching packet must NOT match, for conditions iptables cannot say in one rule (it allows one
 * {@code -p}, one {@code -i}); they become {@code -j RETURN} rules of a helper chain. No alternatives at all means
 * the part can never match, and the rule is dropped.
 */
record Slot(ImmutableList<String> alternatives, ImmutableList<String> guards) {

    static final Slot ANY = fixed("");
    static final Slot NEVER = new Slot(ImmutableList.of(), ImmutableList.of());

    static Slot fixed(String fragment) {
        return new Slot(ImmutableList.of(fragment), ImmutableList.of());
    }

    static Slot of(List<String> alternatives, List<String> guards) {
        return new Slot(ImmutableList.copyOf(alternatives), ImmutableList.copyOf(guards));
    }

    boolean never() {
        return alternatives.isEmpty();
    }
}
