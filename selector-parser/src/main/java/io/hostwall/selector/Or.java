package io.hostwall.selector;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * {@code (op1 || op2 || ...)}: true when any operand is true; stops at the first true one.
 *
 * <p>A run of {@code ||} at one level is one node; a parenthesised operand that is itself a
 * {@code ||} stays nested, because Calico prints it nested.
 *
 * <p>The constructor rejects fewer than two operands ({@link IllegalArgumentException}) and nulls.
 *
 * @param operands two or more operands, evaluated left to right
 */
public record Or(ImmutableList<Expr> operands) implements Expr {
    /**
     * Checks and copies the operands.
     *
     * @param operands two or more operands, evaluated left to right
     */
    public Or {
        operands = Operands.requireAtLeastTwo(operands, "Or");
    }

    /**
     * Builds the node from two or more operands.
     *
     * @param operands the operands, in evaluation order
     * @return the node
     */
    public static Or of(Collection<? extends Expr> operands) {
        return new Or(ImmutableList.copyOf(operands));
    }

    /**
     * Builds the node from two or more operands.
     *
     * @param operands the operands, in evaluation order
     * @return the node
     */
    public static Or of(Expr... operands) {
        return of(Arrays.asList(operands));
    }

    @Override
    public boolean matches(Map<String, String> labels) {
        // Indexed loop: evaluation allocates nothing (no iterator).
        for (int i = 0, n = operands.size(); i < n; i++) {
            if (operands.get(i).matches(labels)) {
                return true;
            }
        }
        return false;
    }

    /** The canonical selector text of this node. */
    @Override
    public String toString() {
        return CanonicalPrinter.print(this);
    }
}
