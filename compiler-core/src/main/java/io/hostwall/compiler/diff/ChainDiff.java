package io.hostwall.compiler.diff;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.Hook;
import io.hostwall.ir.TableKind;
import java.util.Objects;
import java.util.Optional;

/**
 * One chain that was added, removed or whose rules changed. An added chain lists all its rules as added, a removed
 * one all as removed.
 *
 * @param name the chain's name
 * @param table for a base chain, its table; empty for a regular chain
 * @param hook for a base chain, its hook; empty for a regular chain
 * @param change added, removed or changed
 * @param rules the rules that differ, in chain order (new order, removed rules where they were)
 */
public record ChainDiff(String name, Optional<TableKind> table, Optional<Hook> hook, Change change,
        ImmutableList<RuleChange> rules) {

    /**
     * Checks that a base chain has both its table and its hook.
     *
     * @param name the chain's name
     * @param table for a base chain, its table; empty for a regular chain
     * @param hook for a base chain, its hook; empty for a regular chain
     * @param change added, removed or changed
     * @param rules the rules that differ, in chain order (new order, removed rules where they were)
     */
    public ChainDiff {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(rules, "rules");
        if (table.isPresent() != hook.isPresent()) {
            throw new IllegalArgumentException("a base chain has a table and a hook, a regular chain neither");
        }
    }

    /**
     * Whether the chain is a base chain (attached to a hook).
     *
     * @return true for a base chain
     */
    public boolean isBase() {
        return table.isPresent();
    }
}
