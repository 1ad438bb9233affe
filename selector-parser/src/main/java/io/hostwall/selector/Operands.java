package io.hostwall.selector;

import com.google.common.collect.ImmutableList;

/** Checks the operand lists of {@link And} and {@link Or}. */
final class Operands {
    private Operands() {
    }

    /**
     * A one-operand And/Or would print as {@code (x)}, which parses back as plain {@code x}; the
     * parser never builds one, so hand-built trees may not either.
     */
    static ImmutableList<Expr> requireAtLeastTwo(ImmutableList<Expr> operands, String node) {
        ImmutableList<Expr> copy = ImmutableList.copyOf(operands); // also rejects null elements
        if (copy.size() < 2) {
            throw new IllegalArgumentException(node + " needs at least two operands, got " + copy.size());
        }
        return copy;
    }
}
