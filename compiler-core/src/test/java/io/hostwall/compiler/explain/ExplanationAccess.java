package io.hostwall.compiler.explain;

import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.compiler.interp.InterpretedPacket;
import io.hostwall.compiler.oracle.Decision;
import io.hostwall.compiler.oracle.StageResult;
import java.util.Optional;

/**
 * Test access to {@link Explanation}'s internal side (the oracle's {@link Decision} and the per-stage join), which
 * the exported API keeps to itself because those types live in unexported packages.
 */
public final class ExplanationAccess {
    private ExplanationAccess() {}

    public static Explanation of(String node, Decision decision, InterpretedPacket run) {
        return new Explanation(node, decision, run);
    }

    public static Optional<TracedRule> irRuleOf(Explanation e, StageResult stage) {
        return e.irRuleOf(stage);
    }

    public static Decision decision(Explanation e) {
        return e.decision();
    }
}
