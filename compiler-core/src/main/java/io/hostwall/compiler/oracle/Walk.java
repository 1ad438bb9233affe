package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.TierAction;
import java.util.List;

/** SEMANTICS §5: running the tiers of a stage, and the profiles of the normal stage. */
final class Walk {
    private Walk() {}

    /** How a walk ended: an Allow or Deny (with why), or nothing decided. */
    record Outcome(Kind kind, Reason reason) {
        enum Kind {
            ALLOW,
            DENY,
            NONE
        }

        static final Outcome NONE = new Outcome(Kind.NONE, new Reason.NoVerdict());
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
     * {@code realDefaults} is false (untracked and pre-DNAT stages: every tier passes).
     */
    static Outcome tiers(ImmutableList<TierRun> tiers, boolean realDefaults, PacketFacts p, boolean afterDnat,
            List<RuleRef> logged, List<RuleRef> passed) {
        Outcome[] decided = new Outcome[1];
        for (TierRun tier : tiers) {
            boolean tierPassed = false;
            for (RuleList policy : tier.policies()) {
                ListEnd end = rules(policy, p, afterDnat, logged, passed, decided);
                if (end == ListEnd.DECIDED) {
                    return decided[0];
                }
                if (end == ListEnd.PASSED) {
                    tierPassed = true;
                    break;
                }
            }
            if (!tierPassed && realDefaults && tier.defaultAction() == TierAction.DENY) {
                return new Outcome(Outcome.Kind.DENY, new Reason.TierDefaultDeny(tier.name()));
            }
        }
        return Outcome.NONE;
    }

    /** Profiles in order: Allow/Deny decide, Log continues, Pass ends this profile and goes on to the next. */
    static Outcome profiles(ImmutableList<RuleList> profiles, PacketFacts p, boolean afterDnat, List<RuleRef> logged,
            List<RuleRef> passed) {
        Outcome[] decided = new Outcome[1];
        for (RuleList profile : profiles) {
            if (rules(profile, p, afterDnat, logged, passed, decided) == ListEnd.DECIDED) {
                return decided[0];
            }
        }
        return Outcome.NONE;
    }

    private static ListEnd rules(RuleList list, PacketFacts p, boolean afterDnat, List<RuleRef> logged,
            List<RuleRef> passed, Outcome[] decided) {
        for (CompiledRule rule : list.rules()) {
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
