package io.hostwall.compiler.interp;

import io.hostwall.compiler.ir.IrRule;

/** One rule the interpreter evaluated and found matching: where it is and what it did. */
public record TracedRule(String chain, int index, IrRule rule) {
    @Override
    public String toString() {
        String comments = rule.comments().isEmpty() ? "" : "  # " + String.join("; ", rule.comments());
        return chain + "[" + index + "] " + rule.action() + comments;
    }
}
