package io.hostwall.compiler.explain;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.interp.InterpretedPacket;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.compiler.interp.TracedRule;
import io.hostwall.compiler.ir.Ruleset;
import io.hostwall.compiler.oracle.Decision;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.compiler.oracle.StageResult;
import io.hostwall.model.PolicySet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a packet gets its verdict: the oracle's decision (stage by stage, in policy terms) and the compiled ruleset's
 * traversal (the IR rules that matched, in kernel terms). The two verdicts must agree; {@link #agree()} says whether
 * they do, and the text flags a disagreement loudly (it would be a compiler bug).
 */
public record Explanation(Packet packet, Decision decision, InterpretedPacket ruleset) {

    /** Explains {@code packet} for {@code node}, given the node's compiled ruleset. */
    public static Explanation of(PolicySet set, String node, CompileOptions options, Ruleset compiled, Packet packet) {
        Decision d = PolicyOracle.of(set, node, options).evaluate(packet);
        InterpretedPacket r = new RulesetInterpreter(compiled).run(packet);
        return new Explanation(packet, d, r);
    }

    /** The verdict: the ruleset's, which is what the kernel will do. */
    public Verdict verdict() {
        return ruleset.verdict();
    }

    public boolean agree() {
        return decision.verdict() == ruleset.verdict();
    }

    /** Readable text; the last line is {@code verdict: allow} or {@code verdict: deny}. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("packet: ").append(PacketLine.of(packet)).append('\n');
        b.append("decision (policy):\n");
        for (StageResult s : decision.stages()) {
            b.append("  ").append(s.describe()).append('\n');
        }
        b.append("ruleset (matched rules):\n");
        for (TracedRule t : ruleset.matched()) {
            b.append("  ").append(t).append('\n');
        }
        if (!agree()) {
            b.append("WARNING: the policy decision (").append(decision.verdict()).append(") and the compiled ruleset (")
                    .append(ruleset.verdict()).append(") disagree; please report this as a hostwall bug\n");
        }
        return b.append("verdict: ").append(verdict()).toString();
    }

    /** A JSON-ready structure: {@code verdict}, {@code packet}, {@code trace} (stages), {@code rules}, {@code agree}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdict().toString());
        m.put("packet", PacketLine.of(packet));
        List<Map<String, Object>> trace = decision.stages().stream().map(s -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("stage", s.stage().toString());
            e.put("interface", s.iface());
            s.hostEndpoint().ifPresent(h -> e.put("hostEndpoint", h));
            e.put("effect", s.effect().toString());
            e.put("reason", s.reason().describe());
            return (Map<String, Object>) ImmutableMap.copyOf(e);
        }).collect(ImmutableList.toImmutableList());
        m.put("trace", trace);
        m.put("rules", ruleset.matched().stream().map(t -> ImmutableMap.<String, Object>of(
                "chain", t.chain(), "index", t.index(), "action", t.rule().action().toString(),
                "comments", t.rule().comments())).collect(ImmutableList.toImmutableList()));
        m.put("agree", agree());
        return m;
    }
}
