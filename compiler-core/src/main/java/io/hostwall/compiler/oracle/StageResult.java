package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * What one stage did with a packet: the stage, the interface it looked at, the host endpoint whose policy ran (if
 * any), the effect and why, and the Log and Pass rules the packet met on the way.
 */
public record StageResult(
        Stage stage,
        String iface,
        Optional<String> hostEndpoint,
        Effect effect,
        Reason reason,
        ImmutableList<RuleRef> logged,
        ImmutableList<RuleRef> passed) {

    /** One line for humans, e.g. {@code pre-DNAT eth0 [node1-eth0]: allow (hand-over) — policy ...}. */
    public String describe() {
        StringBuilder b = new StringBuilder().append(stage).append(' ').append(iface);
        hostEndpoint.ifPresent(h -> b.append(" [").append(h).append(']'));
        b.append(": ").append(effect).append(" — ").append(reason.describe());
        logged.forEach(r -> b.append("; logged by ").append(r));
        passed.forEach(r -> b.append("; passed by ").append(r));
        return b.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
