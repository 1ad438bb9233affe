package io.hostwall.nftables;

import io.hostwall.compiler.ir.IrRule;
import java.util.ArrayList;
import java.util.List;

/** One IR rule → one nft rule line: {@code <matches> [counter] <statement> [comment "..."]}. */
final class RuleRenderer {
    private final MatchRenderer matches;
    private final ActionRenderer actions;
    private final boolean counters;

    RuleRenderer(MatchRenderer matches, ActionRenderer actions, boolean counters) {
        this.matches = matches;
        this.actions = actions;
        this.counters = counters;
    }

    String render(IrRule rule) {
        ActionRenderer.Rendered action = actions.render(rule.action());
        List<String> parts = new ArrayList<>();
        addIfPresent(parts, matches.render(rule));
        addIfPresent(parts, action.match());
        if (counters) {
            parts.add("counter");
        }
        // A statement-less rule still needs a statement: "comment ..." alone on a line would be read as the
        // chain's comment, and an empty line is no rule at all. continue is the no-op verdict.
        parts.add(action.statement().isEmpty() ? "continue" : action.statement());
        String comment = NftStrings.comment(rule.comments());
        if (!comment.isEmpty()) {
            parts.add("comment \"" + comment + "\"");
        }
        return String.join(" ", parts);
    }

    private static void addIfPresent(List<String> parts, String s) {
        if (!s.isEmpty()) {
            parts.add(s);
        }
    }
}
