package io.hostwall.compiler.diff;

import io.hostwall.compiler.eval.Verdict;
import io.hostwall.ir.RuleOrigin;
import java.util.Objects;
import java.util.Optional;

/**
 * What one probe packet gets on a node, before and after: the compiled rulesets' verdicts and the origins of the IR
 * rules that decided (as {@code explain} finds them).
 *
 * @param probe the packet
 * @param oldVerdict the old ruleset's verdict
 * @param newVerdict the new ruleset's verdict
 * @param oldDecidedBy the origin of the rule that decided in the old ruleset; empty when none stands for it
 * @param newDecidedBy the same in the new ruleset
 */
public record VerdictChange(PacketProbe probe, Verdict oldVerdict, Verdict newVerdict,
        Optional<RuleOrigin> oldDecidedBy, Optional<RuleOrigin> newDecidedBy) {

    /**
     * Checks for null.
     *
     * @param probe the packet
     * @param oldVerdict the old ruleset's verdict
     * @param newVerdict the new ruleset's verdict
     * @param oldDecidedBy the origin of the rule that decided in the old ruleset; empty when none stands for it
     * @param newDecidedBy the same in the new ruleset
     */
    public VerdictChange {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(oldVerdict, "oldVerdict");
        Objects.requireNonNull(newVerdict, "newVerdict");
        Objects.requireNonNull(oldDecidedBy, "oldDecidedBy");
        Objects.requireNonNull(newDecidedBy, "newDecidedBy");
    }

    /**
     * Whether the verdict differs.
     *
     * @return true when old and new verdicts differ
     */
    public boolean changed() {
        return oldVerdict != newVerdict;
    }
}
