package io.hostwall.compiler.eval;

import java.util.Objects;

/**
 * One IR rule a packet was tested against, in the order the packet met them, and whether its matches held.
 *
 * @param rule the rule, with the base chain's hook and table and the chain it is in
 * @param matched true when every match of the rule held (its action ran)
 */
public record RuleVisit(TracedRule rule, boolean matched) {

    /**
     * Checks for null.
     *
     * @param rule the rule, with the base chain's hook and table and the chain it is in
     * @param matched true when every match of the rule held (its action ran)
     */
    public RuleVisit {
        Objects.requireNonNull(rule, "rule");
    }
}
