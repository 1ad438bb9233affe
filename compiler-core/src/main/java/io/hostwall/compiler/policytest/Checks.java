package io.hostwall.compiler.policytest;

import io.hostwall.compiler.explain.Explanation;
import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.compiler.eval.RuleRef;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.model.Direction;
import java.util.Optional;

/**
 * Holds an {@link Explanation} against an expectation; shared by the test runner and the JUnit-style assertions so
 * that both say the same thing in the same words.
 */
final class Checks {
    private Checks() {}

    /** Why a check did not pass. */
    record Failure(PolicyTestResult.Status status, String message) {}

    static Optional<Failure> check(Explanation e, PolicyTestCase.Expectation expect) {
        if (!e.agree()) {
            return Optional.of(new Failure(PolicyTestResult.Status.DISAGREEMENT, "compiler bug: the policy says "
                    + e.oracleVerdict() + " but the compiled ruleset says " + e.rulesetVerdict() + "; "
                    + decidedBy(e)));
        }
        if (e.verdict() != expect.verdict()) {
            return Optional.of(new Failure(PolicyTestResult.Status.FAILED, "expected " + expect + ", got "
                    + e.verdict() + ": " + decidedBy(e)));
        }
        if (expect.policy().isEmpty()) {
            return Optional.empty();
        }
        Optional<RuleRef> rule = decidingRule(e);
        boolean policyMatches = rule.isPresent() && rule.get().name().equals(expect.policy().get())
                && expect.rule().map(r -> r.matches(rule.get().direction(), rule.get().index())).orElse(true);
        if (!policyMatches) {
            return Optional.of(new Failure(PolicyTestResult.Status.FAILED, "expected " + expect + ", got "
                    + e.verdict() + ": " + decidedBy(e)));
        }
        // The policy's story is right; the ruleset must tell the same one, rule for rule.
        Optional<TracedRule> ir = e.decidingIrRule();
        if (ir.isEmpty() || !sameRule(ir.get().rule().origin(), rule.get())) {
            return Optional.of(new Failure(PolicyTestResult.Status.DISAGREEMENT, "compiler bug: the policy is decided"
                    + " by " + rule.get() + " but the compiled ruleset's deciding rule is "
                    + ir.map(TracedRule::toString).orElse("none")));
        }
        return Optional.empty();
    }

    /** The policy or profile rule that decided, when a rule did (not a failsafe, a default or a missing endpoint). */
    static Optional<RuleRef> decidingRule(Explanation e) {
        return e.decidingRule();
    }

    /** One line: what decided, in the policy's words and, where a rule stands for it, the ruleset's. */
    static String decidedBy(Explanation e) {
        return collapse(e.decidedBy()) + e.decidingIrRule().map(r -> "; ruleset: " + collapse(r.toString())).orElse("");
    }

    private static boolean sameRule(RuleOrigin origin, RuleRef rule) {
        if (!(origin instanceof RuleOrigin.PolicyRule p)) {
            return false;
        }
        RuleOrigin.Owner owner = rule.owner() == RuleRef.Owner.POLICY ? RuleOrigin.Owner.POLICY
                : RuleOrigin.Owner.PROFILE;
        RuleOrigin.Direction direction = rule.direction() == Direction.INGRESS ? RuleOrigin.Direction.INGRESS
                : RuleOrigin.Direction.EGRESS;
        return p.owner() == owner && p.name().equals(rule.name()) && p.direction() == direction
                && p.ruleIndex() == rule.index();
    }

    /** Runs of spaces (the stage column's padding) read badly inside one line. */
    private static String collapse(String text) {
        return text.replaceAll(" {2,}", " ");
    }
}
