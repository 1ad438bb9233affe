package io.hostwall.ir;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.IpFamily;
import java.util.Optional;

/**
 * One rule: all {@code matches} must hold for {@code action} to run. {@code comments} say where the rule came
 * from (policy, direction, rule index, annotations); they are free text that backends escape and truncate.
 */
public record IrRule(ImmutableList<Match> matches, IrAction action, ImmutableList<String> comments) {

    public static IrRule of(IrAction action, Match... matches) {
        return new IrRule(ImmutableList.copyOf(matches), action, ImmutableList.of());
    }

    public IrRule withComment(String comment) {
        return new IrRule(matches, action, ImmutableList.<String>builder().addAll(comments).add(comment).build());
    }

    public IrRule withComments(ImmutableList<String> more) {
        return new IrRule(matches, action, ImmutableList.<String>builder().addAll(comments).addAll(more).build());
    }

    /**
     * The single family this rule is restricted to by its matches, or empty when it applies to both. (The
     * compiler never builds a rule whose matches name two families.)
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

    /** True when the rule can match packets of {@code f}. */
    public boolean appliesTo(IpFamily f) {
        return family().map(f::equals).orElse(true);
    }
}
