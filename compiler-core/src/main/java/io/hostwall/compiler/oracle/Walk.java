package io.hostwall.compiler.oracle;

import io.hostwall.compiler.eval.RuleRef;
import com.google.common.collect.ImmutableList;
import io.hostwall.model.Action;
import io.hostwall.model.TierAction;
import java.util.List;

/** SEMANTICS §5: running the tiers of a stage, and the profiles of the normal stage. */
final class Walk {
    private Walk() {}

    /**
     * How a walk ended: an Allow or Deny (with why), or nothing decided; {@code passMarkSet}: nothing decided and
     * the last tier was left by a Pass rule, so Felix's pass mark is still set.
     */
    record Outcome(Kind kind, Reason reason, boolean passMarkSet) {
        Outcome(Kind kind, Reason reason) {
            this(kind, reason, false);
        }

        enum Kind {
            ALLOW,
            DENY,
            NONE
        }

        static final Outcome NONE = new Outcome(Kind.NONE, new Reason.NoVerdict());
        /** Nothing decided, and the last tier was left by a Pass rule. */
        static final Outcome NONE_PASS_MARK_SET = new Outcome(Kind.NONE, new Reason.NoVerdict(), true);
    }

    /** What a list of rules did: Allow/Deny end everything, Pass leaves the list, else fall through. */
    private enum ListEnd {
        DECIDED,
        PASSED,
        FELL_THROUGH
    }

    /**
     * Tiers in order; policies in order; rules in order. Allow and Deny end the walk, Log continues, Pass skips the
     * rest of the tier. A tier that no policy decided and no Pass left ends with its default action, unless
     * {@code realDefaults} is false (untracked and pre-DNAT stages: every tier passes). The outcome says whether the
     * last tier was left by a Pass rule: Felix's pass mark is then still set when the profiles run.
     */
    static Outcome tiers(ImmutableList<TierRun> tiers, boolean realDefaults, PacketFacts p, boolean afterDnat,
            List<RuleRef> logged, List<RuleRef> passed) {
        Outcome[] decided = new Outcome[1];
        boolean passMark = false;
        for (TierRun tier : tiers) {
            // Each tier starts by clearing the pass mark.
            passMark = false;
            for (RuleList policy : tier.policies()) {
                // No pass mark inside a tier: nothing can end a policy because of it.
                ListEnd end = rules(policy, p, afterDnat, false, logged, passed, List.of(), decided);
                if (end == ListEnd.DECIDED) {
                    return decided[0];
                }
                if (end == ListEnd.PASSED) {
                    passMark = true;
                    break;
                }
            }
            if (!passMark && realDefaults && tier.defaultAction() == TierAction.DENY) {
                return new Outcome(Outcome.Kind.DENY, new Reason.TierDefaultDeny(tier.name()));
            }
        }
        return passMark ? Outcome.NONE_PASS_MARK_SET : Outcome.NONE;
    }

    /**
     * Profiles in order: Allow/Deny decide, Log continues, Pass ends this profile and goes on to the next. Felix
     * renders a Pass rule as "match: set the pass mark" then "pass mark set: return", and nothing clears the mark
     * between the last tier and the profiles or between profiles. So once the mark is set (by a policy's Pass in
     * the last tier, or by an earlier profile's Pass), every Pass rule the packet reaches ends its profile whether
     * or not it matches (SEMANTICS §5). {@code passMark}: the mark as the tiers left it.
     */
    static Outcome profiles(ImmutableList<RuleList> profiles, boolean passMark, PacketFacts p, boolean afterDnat,
            List<RuleRef> logged, List<RuleRef> passed, List<RuleRef> passMarkReturns) {
        Outcome[] decided = new Outcome[1];
        boolean mark = passMark;
        for (RuleList profile : profiles) {
            ListEnd end = rules(profile, p, afterDnat, mark, logged, passed, passMarkReturns, decided);
            if (end == ListEnd.DECIDED) {
                return decided[0];
            }
            mark |= end == ListEnd.PASSED;
        }
        return Outcome.NONE;
    }

    /**
     * {@code passMark}: whether the pass mark is already set (only ever in profiles). A Pass rule that ends the list
     * because of the mark, not because it matched, goes to {@code passMarkReturns}.
     */
    private static ListEnd rules(RuleList list, PacketFacts p, boolean afterDnat, boolean passMark,
            List<RuleRef> logged, List<RuleRef> passed, List<RuleRef> passMarkReturns, Outcome[] decided) {
        for (CompiledRule rule : list.rules()) {
            if (passMark && rule.ref().action() == Action.PASS && rule.matcher().rendersIn(p.family)) {
                if (!rule.matcher().matches(p, afterDnat)) {
                    passMarkReturns.add(rule.ref());
                }
                passed.add(rule.ref());
                return ListEnd.PASSED;
            }
            if (!rule.matcher().matches(p, afterDnat)) {
                continue;
            }
            switch (rule.ref().action()) {
                case ALLOW -> {
                    decided[0] = new Outcome(Outcome.Kind.ALLOW, new Reason.RuleMatch(rule.ref()));
                    return ListEnd.DECIDED;
                }
                case DENY -> {
                    decided[0] = new Outcome(Outcome.Kind.DENY, new Reason.RuleMatch(rule.ref()));
                    return ListEnd.DECIDED;
                }
                case LOG -> logged.add(rule.ref());
                case PASS -> {
                    passed.add(rule.ref());
                    return ListEnd.PASSED;
                }
            }
        }
        return ListEnd.FELL_THROUGH;
    }
}
