package io.hostwall.selector;

import com.google.common.collect.ImmutableList;

/** Structural helpers for the double-negation exception to the fixed-point property. */
final class Trees {
    private Trees() {
    }

    /** True when some Not has a Not as its direct operand (only {@code !(!x)} builds that). */
    static boolean hasDoubleNegation(Expr e) {
        if (e instanceof Not n) {
            return n.operand() instanceof Not || hasDoubleNegation(n.operand());
        } else if (e instanceof And a) {
            return a.operands().stream().anyMatch(Trees::hasDoubleNegation);
        } else if (e instanceof Or o) {
            return o.operands().stream().anyMatch(Trees::hasDoubleNegation);
        }
        return false;
    }

    /**
     * What the printed form of {@code e} parses to: a chain of k directly nested Nots prints as k
     * adjacent {@code !}, which the parser folds by parity.
     */
    static Expr foldDoubleNegations(Expr e) {
        if (e instanceof Not) {
            int depth = 0;
            Expr inner = e;
            while (inner instanceof Not n) {
                depth++;
                inner = n.operand();
            }
            Expr folded = foldDoubleNegations(inner);
            return depth % 2 == 1 ? new Not(folded) : folded;
        } else if (e instanceof And a) {
            return new And(a.operands().stream().map(Trees::foldDoubleNegations).collect(ImmutableList.toImmutableList()));
        } else if (e instanceof Or o) {
            return new Or(o.operands().stream().map(Trees::foldDoubleNegations).collect(ImmutableList.toImmutableList()));
        }
        return e;
    }
}
