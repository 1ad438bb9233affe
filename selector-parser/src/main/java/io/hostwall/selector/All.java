package io.hostwall.selector;

import java.util.Map;

/** {@code all()}, and the meaning of an empty selector: matches every label map. */
public record All() implements Expr {
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
