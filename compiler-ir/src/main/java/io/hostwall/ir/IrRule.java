package io.hostwall.ir;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.IpFamily;
import java.util.Optional;

/**
 * One rule: all {@code matches} must hold for {@code action} to run. {@code comments} say where the rule came
 * from (policy, direction, rule index, annotations); they are free text that backends escape and truncate.
 */
public record IrRule(ImmutableList<Match> matches, IrAction action, ImmutableList<String> comments) {

    /**
     * A rule without comments.
     *
     * @param action what the rule does
     * @param matches what must all hold
     * @return the rule
     */
    public static IrRule of(IrAction action, Match... matches) {
        return new IrRule(ImmutableList.copyOf(matches), action, ImmutableList.of());
    }

    /**
     * This rule with one more comment.
     *
     * @param comment the comment to append
     * @return a new rule
     */
    public IrRule withComment(String comment) {
        return new IrRule(matches, action, ImmutableList.<String>builder().addAll(comments).add(comment).build());
    }

    /**
     * This rule with more comments.
     *
     * @param more the comments to append, in order
     * @return a new rule
     */
    public IrRule withComments(ImmutableList<String> more) {
        return new IrRule(matches, action, ImmutableList.<String>builder().addAll(comments).addAll(more).build());
    }

    /**
     * The single family this rule is restricted to by its matches. (The compiler never builds a rule whose matches
     * name two families.)
     *
     * @return the family, or empty when the rule applies to both
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
     * Whether the rule can match packets of a family.
     *
     * @param f the family
     * @return true when the rule can match packets of {@code f}
     */
    public boolean appliesTo(IpFamily f) {
        return family().map(f::equals).orElse(true);
    }
}
