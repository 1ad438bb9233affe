package io.hostwall.selector;

import io.hostwall.selector.grammar.LabelSyntax;
import java.util.Map;

/**
 * {@code has(label)}: true when the label is present, whatever its value (even {@code ""}).
 *
 * <p>The constructor rejects a malformed label ({@link IllegalArgumentException}) and null.
 *
 * @param label a label name, 1 to 512 characters from {@code [A-Za-z0-9_./-]}
 */
public record Has(String label) implements Expr {
    /**
     * Checks the label.
     *
     * @param label a label name, 1 to 512 characters from {@code [A-Za-z0-9_./-]}
     */
    public Has {
        LabelSyntax.requireLabel(label);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
        return labels.get(label) != null;
    }

    /** The canonical selector text of this node. */
    @Override
    public String toString() {
        return CanonicalPrinter.print(this);
    }
}
