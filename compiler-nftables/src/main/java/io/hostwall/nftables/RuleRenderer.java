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
     * The nft rules for one IR rule: usually one. {@code ct status} cannot be read from a packet conntrack does not
     * track (untracked, or invalid such as a RST answering an untracked SYN): the expression breaks the rule, so
     * {@code ct status & dnat == 0} would be false for them, while the IR means "not DNAT'd", which they are not.
     * Such a rule is written twice, once for packets without a connection ({@code ct state invalid,untracked}) and
     * once as it is; a packet meets at most one of the two, so the pair is exact for any action. A short port
     * list is written as one rule per port or range, see {@link PortSplit}.
     */
    List<Nft.Rule> rules(IrRule rule) {
        List<IrRule> split = PortSplit.split(rule);
        if (split.size() == 1) {
            return dnatSplit(rule);
        }
        List<Nft.Rule> out = new ArrayList<>();
        split.forEach(r -> out.addAll(dnatSplit(r)));
        return out;
    }

    private List<Nft.Rule> dnatSplit(IrRule rule) {
        Match notDnat = new Match.ConntrackDnat(false);
        if (!rule.matches().contains(notDnat)) {
            return List.of(rule(rule));
        }
        ImmutableList<Match> noConnection = rule.matches().stream()
                .map(m -> m.equals(notDnat)
                        ? (Match) new Match.ConntrackState(ImmutableSet.of(CtState.INVALID, CtState.UNTRACKED), false) : m)
                .collect(ImmutableList.toImmutableList());
        return List.of(rule(new IrRule(noConnection, rule.action(), rule.origin())), rule(rule));
    }

    /** {@link #rules} as script lines. */
    List<String> renderAll(IrRule rule) {
        return rules(rule).stream().map(NftText::rule).toList();
    }

    /** One IR rule as one script line, without the not-DNAT split of {@link #rules}. */
    String render(IrRule rule) {
        return NftText.rule(rule(rule));
    }

    private Nft.Rule rule(IrRule rule) {
        ActionRenderer.Rendered action = actions.render(rule.action());
        ImmutableList.Builder<Nft.Stmt> statements = ImmutableList.builder();
        statements.addAll(matches.render(rule));
        action.match().ifPresent(statements::add);
        if (counters) {
            statements.add(new Nft.Counter());
        }
        // A statement-less rule still needs a statement: "comment ..." alone on a line would be read as the
        // chain's comment, and an empty line is no rule at all. continue is the no-op verdict.
        statements.add(action.statement().orElse(Nft.Verdict.of("continue")));
        return new Nft.Rule(statements.build(), NftStrings.comment(rule.comments()));
    }
}
