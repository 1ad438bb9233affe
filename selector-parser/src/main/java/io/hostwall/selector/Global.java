package io.hostwall.selector;

import java.util.Map;

/**
 * {@code global()}: matches every label map at this layer, exactly like {@link All}, but prints
 * differently and so has another UID. Its policy meaning ("not a namespaced workload") is given
 * above the parser, when Calico rewrites namespace selectors (selector-semantics.md §9).
 */
public record Global() implements Expr {
    @Override
    public boolean matches(Map<String, String> labels) {
        return true;
    }

    /** The canonical selector text of this node. */
    @Override
    public String toString() {
        return CanonicalPrinter.print(this);
    }
}
