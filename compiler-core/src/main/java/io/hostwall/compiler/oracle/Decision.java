package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import java.util.Optional;

/**
 * The oracle's answer for one packet: the verdict and every stage the packet met, in packet order (never empty).
 * Stages after a deny are not listed: the packet never reaches them.
 */
public record Decision(Packet packet, Verdict verdict, ImmutableList<StageResult> stages) {

    public Decision {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a decision lists at least one stage");
        }
    }

    /** The last stage the packet met: for a denied packet the denying one. */
    public StageResult deciding() {
        return stages.get(stages.size() - 1);
    }

    /**
     * The stage that decided: the denying stage, else the last stage that allowed the packet; empty when no stage
     * decided anything (the packet is allowed because nothing polices it or nothing objected).
     */
    public Optional<StageResult> decidingStage() {
        StageResult last = null;
        for (StageResult s : stages) {
            if (s.decided()) {
                last = s;
            }
        }
        return Optional.ofNullable(last);
    }

    /** Multi-line text: the packet, one entry per stage, and {@code verdict: allow|deny} as the last line. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("packet: ").append(PacketText.describe(packet)).append('\n');
        for (StageResult s : stages) {
            sb.append(s.describe()).append('\n');
        }
        sb.append("verdict: ").append(verdict);
        return sb.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
