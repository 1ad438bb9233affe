package io.hostwall.compiler.oracle;

import io.hostwall.compiler.eval.RuleRef;
import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * What one stage did with a packet: the stage, the interface it looked at ({@code iface}), the host endpoint whose
 * policy ran ({@code hostEndpoint}, absent when none did), the {@link Effect} and the {@link Reason}, and the Log
 * and Pass rules the packet met on the way ({@code logged}; {@code passed} sent it on to the next tier or profile;
 * {@code passMarkReturns}: those of {@code passed} that did not match and ended their profile only because Felix's
 * pass mark was already set, SEMANTICS §5).
 */
public record StageResult(
        Stage stage,
        String iface,
        Optional<String> hostEndpoint,
        Effect effect,
        Reason reason,
        ImmutableList<RuleRef> logged,
        ImmutableList<RuleRef> passed,
        ImmutableList<RuleRef> passMarkReturns) {

    /** A stage in which no profile ended because of Felix's pass mark. */
    public StageResult(Stage stage, String iface, Optional<String> hostEndpoint, Effect effect, Reason reason,
            ImmutableList<RuleRef> logged, ImmutableList<RuleRef> passed) {
        this(stage, iface, hostEndpoint, effect, reason, logged, passed, ImmutableList.of());
    }

    /** True when this stage decided for the packet: it allowed it (in the stage) or denied it. */
    public boolean decided() {
        return effect == Effect.ALLOW || effect == Effect.HAND_OVER || effect == Effect.DENY;
    }

    /**
     * For humans, e.g. {@code pre-DNAT ingress   eth0 [node1-eth0]: deny: GlobalNetworkPolicy "drop" ...}; Log and
     * Pass hits follow on indented lines.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-17s  %s", stage.label(), iface));
        hostEndpoint.ifPresent(h -> sb.append(" [").append(h).append(']'));
        sb.append(": ").append(effect).append(": ").append(reason.describe());
        for (RuleRef r : logged) {
            sb.append("\n    logged by ").append(r);
        }
        for (RuleRef r : passed) {
            sb.append("\n    passed by ").append(r);
            if (passMarkReturns.contains(r)) {
                sb.append(" (not matched: the pass mark was already set, and Felix returns here regardless)");
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
