package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;

/** The oracle's answer for one packet: the verdict and every stage the packet met, in packet order. */
public record Decision(Packet packet, Verdict verdict, ImmutableList<StageResult> stages) {

    /** The stage that decided: the first deny, else the last stage met. */
    public StageResult deciding() {
        return stages.stream().filter(s -> s.effect() == Effect.DENY).findFirst().orElse(stages.get(stages.size() - 1));
    }

    /** One line per stage, then {@code verdict: allow|deny}. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (StageResult s : stages) {
            b.append(s.describe()).append('\n');
        }
        return b.append("verdict: ").append(verdict).toString();
    }
}
