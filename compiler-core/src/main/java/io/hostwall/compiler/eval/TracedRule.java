package io.hostwall.compiler.eval;

import io.hostwall.compiler.interp.ActionText;
import io.hostwall.ir.Hook;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.TableKind;

/**
 * One rule as the interpreter met it: the hook and table (of the base chain the packet was in), the chain, the
 * rule's index in it (0-based) and the rule itself (its action and origin say what it is for; the text shows the
 * comments rendered from the origin).
 *
 * @param hook the hook of the base chain the packet was in
 * @param table the table that base chain stands for
 * @param chain the chain the rule is in
 * @param index the rule's index in the chain, from 0
 * @param rule the rule
 */
public record TracedRule(Hook hook, TableKind table, String chain, int index, IrRule rule) {

    /**
     * The action in short.
     *
     * @return e.g. {@code jump hw-fh-eth0}, {@code drop}
     */
    public String actionText() {
        return ActionText.of(rule.action());
    }

    /** E.g. {@code filter INPUT hw-fh-eth0[3] Drop  # GlobalNetworkPolicy deny-all ingress[0]}. */
    @Override
    public String toString() {
        String comments = rule.comments().isEmpty() ? "" : "  # " + String.join("; ", rule.comments());
        return table.iptablesName() + " " + hook + " " + chain + "[" + index + "] " + ActionText.of(rule.action())
                + comments;
    }
}
