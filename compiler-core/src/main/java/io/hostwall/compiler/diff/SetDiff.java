package io.hostwall.compiler.diff;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.SetType;
import io.hostwall.net.IpFamily;
import java.util.Objects;
import java.util.Optional;

/**
 * One set that was added, removed or whose elements changed. A changed set is either one name in both rulesets (a
 * selector's set, named by the selector) or, for a content-addressed set (a rule's literal nets), which gets a new
 * name when its elements change, an old set and a new one of the same family and type that rules of the same origin
 * in the same chain use (the old name and the new name both given).
 *
 * @param change added, removed or changed
 * @param oldName the set's name in the old ruleset; empty for an added set
 * @param newName the set's name in the new ruleset; empty for a removed set
 * @param family the set's family
 * @param type what the set holds
 * @param elements the elements added and removed (all of them for an added or removed set), sorted, removals first
 * @param usedBy the origins of the rules that use the set (new side, else old), in ruleset order without repeats
 */
public record SetDiff(Change change, Optional<String> oldName, Optional<String> newName, IpFamily family,
        SetType type, ImmutableList<ElementChange> elements, ImmutableList<RuleOrigin> usedBy) {

    /**
     * Checks that the names present fit the change.
     *
     * @param change added, removed or changed
     * @param oldName the set's name in the old ruleset; empty for an added set
     * @param newName the set's name in the new ruleset; empty for a removed set
     * @param family the set's family
     * @param type what the set holds
     * @param elements the elements added and removed (all of them for an added or removed set), sorted, removals first
     * @param usedBy the origins of the rules that use the set (new side, else old), in ruleset order without repeats
     */
    public SetDiff {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(elements, "elements");
        Objects.requireNonNull(usedBy, "usedBy");
        if (oldName.isPresent() == (change == Change.ADDED) || newName.isPresent() == (change == Change.REMOVED)) {
            throw new IllegalArgumentException("a " + change.label() + " set has the wrong names: " + oldName + " "
                    + newName);
        }
    }

    /**
     * The name to show: the new one, else the old one.
     *
     * @return the name
     */
    public String name() {
        return newName.or(() -> oldName).orElseThrow();
    }
}
