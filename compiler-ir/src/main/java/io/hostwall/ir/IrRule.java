package io.hostwall.ir;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.IpFamily;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule: all {@code matches} must hold for {@code action} to run. {@code origin} says why the rule exists
 * (policy rule, failsafe entry, built-in purpose); backends print its {@link #comments()}.
 *
 * @param matches the conditions, all of which must hold
 * @param action what the rule does when they hold
 * @param origin why the rule exists
 */
public record IrRule(ImmutableList<Match> matches, IrAction action, RuleOrigin origin) {

    /**
     * Checks for null.
     *
     * @param matches the conditions, all of which must hold
     * @param action what the rule does when they hold
     * @param origin why the rule exists
     */
    public IrRule {
        Objects.requireNonNull(matches, "matches");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * A rule with origin {@code origin}.
     *
     * @param origin why the rule exists
     * @param action what it does
     * @param matches its conditions
     * @return the rule
     */
    public static IrRule of(RuleOrigin origin, IrAction action, Match... matches) {
        return new IrRule(ImmutableList.copyOf(matches), action, origin);
    }

    /**
     * A hand-built rule without comments (origin {@link RuleOrigin.Note#none()}); the compiler never builds one.
     *
     * @param action what it does
     * @param matches its conditions
     * @return the rule
     */
    public static IrRule of(IrAction action, Match... matches) {
        return of(RuleOrigin.Note.none(), action, matches);
    }

    /**
     * This hand-built rule with one more line of note.
     *
     * @param comment the text to add
     * @return the rule with the text appended to its note
     * @throws IllegalStateException when the rule has a typed origin, which notes must not replace
     */
    public IrRule withNote(String comment) {
        if (!(origin instanceof RuleOrigin.Note note)) {
            throw new IllegalStateException("rule has origin " + origin + "; only hand-built rules take notes");
        }
        return new IrRule(matches, action,
                new RuleOrigin.Note(ImmutableList.<String>builder().addAll(note.text()).add(comment).build()));
    }

    /**
     * This rule with another origin.
     *
     * @param newOrigin the origin
     * @return the rule with the same matches and action
     */
    public IrRule withOrigin(RuleOrigin newOrigin) {
        return new IrRule(matches, action, newOrigin);
    }

    /**
     * The comments backends print with this rule, rendered from its origin.
     *
     * @return {@code origin().comments()}
     */
    public ImmutableList<String> comments() {
        return origin.comments();
    }

    /**
     * The single family this rule is restricted to by its matches, or empty when it applies to both. (The
     * compiler never builds a rule whose matches name two families.)
     *
     * @return the family, if the matches name one
     */
    public Optional<IpFamily> family() {
        for (Match m : matches) {
            Optional<IpFamily> f = m.family();
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /**
     * True when the rule can match packets of {@code f}.
     *
     * @param f the family
     * @return whether the rule applies to it
     */
    public boolean appliesTo(IpFamily f) {
        return family().map(f::equals).orElse(true);
    }
}
