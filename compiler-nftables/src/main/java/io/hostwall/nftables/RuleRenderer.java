package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hostwall.ir.CtState;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
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

    /**
     * The nft lines for one IR rule: usually one. {@code ct status} cannot be read from a packet conntrack does not
     * track (untracked, or invalid such as a RST answering an untracked SYN): the expression breaks the rule, so
     * {@code ct status & dnat == 0} would be false for them, while the IR means "not DNAT'd", which they are not.
     * Such a rule is written twice, once for packets without a connection ({@code ct state invalid,untracked}) and
     * once as it is; a packet meets at most one of the two, so the pair is exact for any action.
     */
    List<String> renderAll(IrRule rule) {
        Match notDnat = new Match.ConntrackDnat(false);
        if (!rule.matches().contains(notDnat)) {
            return List.of(render(rule));
        }
        ImmutableList<Match> noConnection = rule.matches().stream()
                .map(m -> m.equals(notDnat)
                        ? (Match) new Match.ConntrackState(ImmutableSet.of(CtState.INVALID, CtState.UNTRACKED), false) : m)
                .collect(ImmutableList.toImmutableList());
        return List.of(render(new IrRule(noConnection, rule.action(), rule.origin())), render(rule));
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
