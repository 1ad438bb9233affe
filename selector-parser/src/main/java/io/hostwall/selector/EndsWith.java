package io.hostwall.selector;

import io.hostwall.selector.grammar.LabelSyntax;
import java.util.Map;

/**
 * {@code label ends with "value"}: true when the label is present and its value ends with the literal.
 *
 * <p>The constructor rejects a malformed label or a value holding both quote characters
 * ({@link IllegalArgumentException}) and nulls ({@link NullPointerException}).
 *
 * @param label a label name, 1 to 512 characters from {@code [A-Za-z0-9_./-]}
 * @param value the literal, byte for byte; it may not hold both quote characters
 */
public record EndsWith(String label, String value) implements Expr {
    /**
     * Checks the label and the value.
     *
     * @param label a label name, 1 to 512 characters from {@code [A-Za-z0-9_./-]}
     * @param value the literal, byte for byte; it may not hold both quote characters
     */
    public EndsWith {
        LabelSyntax.requireLabel(label);
        Literals.requireQuotable(value);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
        String actual = labels.get(label);
        return actual != null && actual.endsWith(value);
    }

    /** The canonical selector text of this node. */
    @Override
    public String toString() {
        return CanonicalPrinter.print(this);
    }
}
