package io.hostwall.compiler.diff;

import io.hostwall.ir.IrRule;
import io.hostwall.ir.RuleOrigin;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One rule of a chain that was added, removed or changed. A rule counts as changed when a rule of the same
 * {@link RuleOrigin} was removed and another added in the same place (between the same unchanged rules): the same
 * policy rule, failsafe entry or built-in, now with other matches or another action.
 *
 * @param change added, removed or changed
 * @param oldIndex the rule's index in the old chain (0-based); empty for an added rule
 * @param newIndex the rule's index in the new chain; empty for a removed rule
 * @param oldRule the old rule; empty for an added rule
 * @param newRule the new rule; empty for a removed rule
 */
public record RuleChange(Change change, OptionalInt oldIndex, OptionalInt newIndex, Optional<IrRule> oldRule,
        Optional<IrRule> newRule) {

    /**
     * Checks that the sides present fit the change.
     *
     * @param change added, removed or changed
     * @param oldIndex the rule's index in the old chain (0-based); empty for an added rule
     * @param newIndex the rule's index in the new chain; empty for a removed rule
     * @param oldRule the old rule; empty for an added rule
     * @param newRule the new rule; empty for a removed rule
     */
    public RuleChange {
        Objects.requireNonNull(change, "change");
        boolean hasOld = change != Change.ADDED;
        boolean hasNew = change != Change.REMOVED;
        if (oldIndex.isPresent() != hasOld || oldRule.isPresent() != hasOld || newIndex.isPresent() != hasNew
                || newRule.isPresent() != hasNew) {
            throw new IllegalArgumentException("a " + change.label() + " rule has " + (hasOld ? "an" : "no")
                    + " old side and " + (hasNew ? "a" : "no") + " new side");
        }
    }

    static RuleChange added(int index, IrRule rule) {
        return new RuleChange(Change.ADDED, OptionalInt.empty(), OptionalInt.of(index), Optional.empty(),
                Optional.of(rule));
    }

    static RuleChange removed(int index, IrRule rule) {
        return new RuleChange(Change.REMOVED, OptionalInt.of(index), OptionalInt.empty(), Optional.of(rule),
                Optional.empty());
    }

    static RuleChange changed(int oldIndex, IrRule oldRule, int newIndex, IrRule newRule) {
        return new RuleChange(Change.CHANGED, OptionalInt.of(oldIndex), OptionalInt.of(newIndex),
                Optional.of(oldRule), Optional.of(newRule));
    }

    /**
     * Why the rule exists: the new rule's origin, or the removed rule's.
     *
     * @return the origin
     */
    public RuleOrigin origin() {
        return newRule.or(() -> oldRule).orElseThrow().origin();
    }
}
