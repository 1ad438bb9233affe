package io.hostwall.selector;

import com.google.common.collect.ImmutableSet;
import io.hostwall.selector.grammar.LabelSyntax;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * {@code label in {"v1", "v2", ...}}: true when the label is present and its value is one of
 * the set ({@code in {}} never matches).
 *
 * <p>The values are kept de-duplicated and sorted by UTF-8 bytes, the order the canonical string
 * prints them in; membership is a hash lookup in the same immutable set, built once.
 *
 * <p>The constructor rejects a malformed label or a value holding both quote characters
 * ({@link IllegalArgumentException}) and nulls ({@link NullPointerException}).
 *
 * @param label  a label name, 1 to 512 characters from {@code [A-Za-z0-9_./-]}
 * @param values the set; may be empty; no value may hold both quote characters
 */
public record In(String label, ImmutableSet<String> values) implements Expr {
    /**
     * Checks the label and the values, and puts the values in canonical order, whatever order
     * the given set iterates in.
     *
     * @param label a label name, 1 to 512 characters from {@code [A-Za-z0-9_./-]}
     * @param values the set; may be empty; no value may hold both quote characters
     */
    public In {
        LabelSyntax.requireLabel(label);
        values = Literals.canonicalSet(values);
    }

    /**
     * Builds the node from values in any order, duplicates allowed.
     *
     * @param label  the label name
     * @param values the set's values
     * @return the node, its values de-duplicated and in canonical order
     */
    public static In of(String label, Collection<String> values) {
        return new In(label, Literals.canonicalSet(values));
    }

    /**
     * Builds the node from values in any order, duplicates allowed.
     *
     * @param label  the label name
     * @param values the set's values
     * @return the node, its values de-duplicated and in canonical order
     */
    public static In of(String label, String... values) {
        return of(label, Arrays.asList(values));
    }

    @Override
    public boolean matches(Map<String, String> labels) {
        String actual = labels.get(label);
        return actual != null && values.contains(actual);
    }

    /** The canonical selector text of this node. */
    @Override
    public String toString() {
        return CanonicalPrinter.print(this);
    }
}
