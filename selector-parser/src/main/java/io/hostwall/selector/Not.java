package io.hostwall.selector;

import java.util.Map;
import java.util.Objects;

/**
 * {@code !operand}. Never simplified: {@code Not(Not(x))} is what {@code !(!x)} parses to, and it
 * prints as {@code !!x}, which Calico keeps so that UIDs agree (selector-semantics.md §6).
 *
 * <p>The constructor rejects null.
 *
 * @param operand the negated expression
 */
public record Not(Expr operand) implements Expr {
    /**
     * Checks the operand.
     *
     * @param operand the negated expression
     */
    public Not {
        Objects.requireNonNull(operand, "operand");
    }

    @Override
    public boolean matches(Map<String, String> labels) {
        return !operand.matches(labels);
    }

    /** The canonical selector text of this node. */
    @Override
    public String toString() {
        return CanonicalPrinter.print(this);
    }
}
