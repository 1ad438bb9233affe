package io.hostwall.compiler.interp;

import io.hostwall.compiler.eval.TracedRule;
import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;

/**
 * What a ruleset did with a packet: the verdict, every step in order ({@code trace}; empty when run without
 * tracing) and the packet mark at the end.
 */
public record InterpretedPacket(Packet packet, Verdict verdict, ImmutableList<TraceEvent> trace, int finalMark) {

    /** The rules whose matches held (their actions ran), in order. */
    public ImmutableList<TracedRule> matched() {
        return trace.stream()
                .filter(e -> e instanceof TraceEvent.RuleEvaluated r && r.matched())
                .map(e -> ((TraceEvent.RuleEvaluated) e).rule())
                .collect(ImmutableList.toImmutableList());
    }

    /** Every rule evaluated, matched or not. */
    public ImmutableList<TraceEvent.RuleEvaluated> evaluated() {
        return trace.stream()
                .filter(e -> e instanceof TraceEvent.RuleEvaluated)
                .map(e -> (TraceEvent.RuleEvaluated) e)
                .collect(ImmutableList.toImmutableList());
    }

    /** Multi-line text: matched rules and the other steps (misses left out), then {@code verdict: ...}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (TraceEvent e : trace) {
            if (e instanceof TraceEvent.RuleEvaluated r && !r.matched()) {
                continue;
            }
            sb.append(e.text()).append('\n');
        }
        return sb.append("verdict: ").append(verdict).toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
