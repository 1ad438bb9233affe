package io.hostwall.compiler.explain;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.interp.InterpretedPacket;
import io.hostwall.compiler.interp.TraceEvent;
import io.hostwall.compiler.eval.RuleRef;
import io.hostwall.compiler.eval.RuleVisit;
import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.ir.Ruleset;
import io.hostwall.compiler.oracle.Decision;
import io.hostwall.compiler.oracle.PacketText;
import io.hostwall.compiler.oracle.Reason;
import io.hostwall.compiler.oracle.StageResult;
import io.hostwall.model.PolicySet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a packet gets its verdict on a node, told twice: by the policy (the oracle's {@link Decision}: stages, rules,
 * failsafes, defaults) and by the compiled ruleset (the IR interpreter's trace: the IR rules that matched, with
 * their comments). {@link #verdict()} is the ruleset's: it is what the kernel does. The two always agree unless the
 * compiler has a bug, which {@link #agree()} reports.
 */
public final class Explanation {
    private final String node;
    private final Decision decision;
    private final InterpretedPacket ruleset;

    /**
     * Both readings of one packet; they must be about the same packet. Internal: {@link Explainer} and
     * {@link io.hostwall.compiler.CompiledNode#explain} build explanations.
     */
    Explanation(String node, Decision decision, InterpretedPacket ruleset) {
        this.node = Objects.requireNonNull(node, "node");
        this.decision = Objects.requireNonNull(decision, "decision");
        this.ruleset = Objects.requireNonNull(ruleset, "ruleset");
        if (!decision.packet().equals(ruleset.packet())) {
            throw new IllegalArgumentException("the decision and the ruleset run are about different packets");
        }
    }

    /**
     * The node the packet was explained on.
     *
     * @return the node's name
     */
    public String node() {
        return node;
    }

    /** The oracle's reading (internal type: the text and {@link #toMap()} show it). */
    Decision decision() {
        return decision;
    }

    /** The interpreter's run of the compiled ruleset (internal type: the text and {@link #toMap()} show it). */
    InterpretedPacket ruleset() {
        return ruleset;
    }

    /**
     * Explains {@code packet} on {@code node}: the oracle's decision from {@code set} and the run of {@code compiled},
     * the ruleset the caller compiled from {@code set} for {@code node} with {@code options} and no host facts. For
     * many packets, build an {@link Explainer} once instead; a {@link io.hostwall.compiler.CompiledNode} explains
     * with the facts it was compiled with.
     *
     * @param set the cluster
     * @param node the node's name
     * @param options the options {@code compiled} was compiled with
     * @param compiled the node's ruleset
     * @param packet the packet to explain
     * @return the explanation
     */
    public static Explanation of(PolicySet set, String node, CompileOptions options, Ruleset compiled, Packet packet) {
        return new Explainer(set, node, options, compiled).explain(packet);
    }

    /**
     * The packet explained.
     *
     * @return the packet
     */
    public Packet packet() {
        return decision.packet();
    }

    /**
     * The compiled ruleset's verdict: what the kernel does with the packet.
     *
     * @return the verdict
     */
    public Verdict verdict() {
        return ruleset.verdict();
    }

    /**
     * The policy's verdict, as the reference oracle reads the manifests.
     *
     * @return the verdict
     */
    public Verdict oracleVerdict() {
        return decision.verdict();
    }

    /**
     * The compiled ruleset's verdict, as the IR interpreter runs it (the same as {@link #verdict()}).
     *
     * @return the verdict
     */
    public Verdict rulesetVerdict() {
        return ruleset.verdict();
    }

    /**
     * Whether the policy and the compiled ruleset agree; false only for a compiler bug.
     *
     * @return true when both verdicts are the same
     */
    public boolean agree() {
        return decision.verdict() == ruleset.verdict();
    }

    /**
     * The IR rules whose matches held, in the order the packet met them.
     *
     * @return the matched rules
     */
    public ImmutableList<TracedRule> irRules() {
        return ruleset.matched();
    }

    /**
     * Every IR rule the packet was tested against, matched or not, in the order it met them: the path it took
     * through the compiled ruleset.
     *
     * @return the visits
     */
    public ImmutableList<RuleVisit> ruleVisits() {
        return ruleset.trace().stream()
                .filter(t -> t instanceof TraceEvent.RuleEvaluated)
                .map(t -> (TraceEvent.RuleEvaluated) t)
                .map(r -> new RuleVisit(r.rule(), r.matched()))
                .collect(ImmutableList.toImmutableList());
    }

    /**
     * The IR rule that carried out {@code stage}'s decision: the rule the interpreter matched whose origin is the
     * stage's reason (the policy or profile rule, the failsafe entry, the tier's end, the endpoint's final drop,
     * the forward default or the conntrack check), joined by the rule's typed origin.
     *
     * @param stage one of the decision's stages
     * @return the matched IR rule, or empty when the reason is none a single rule stands for (e.g. no host
     *     endpoint) or, after a compiler bug, no matched rule carries it
     */
    Optional<TracedRule> irRuleOf(StageResult stage) {
        if (!decision.stages().contains(stage)) {
            throw new IllegalArgumentException("not a stage of this decision: " + stage);
        }
        return OriginJoin.irRule(stage, ruleset);
    }

    /**
     * The IR rule that carried out the deciding stage's decision (the first stage that allowed or denied it).
     *
     * @return the matched IR rule, or empty when no stage decided or no single rule stands for its reason
     */
    public Optional<TracedRule> decidingIrRule() {
        return decision.decidingStage().flatMap(s -> OriginJoin.irRule(s, ruleset));
    }

    /**
     * The policy or profile rule that decided the packet, when one did (not a failsafe, a tier's or endpoint's
     * default, conntrack, or the absence of a host endpoint).
     *
     * @return the deciding rule
     */
    public Optional<RuleRef> decidingRule() {
        return decision.decidingStage().map(StageResult::reason)
                .flatMap(r -> r instanceof Reason.RuleMatch m ? Optional.of(m.rule()) : Optional.empty());
    }

    /**
     * One line on what decided, in the policy's words: the deciding stage and its reason, or, when no stage
     * decided, the last stage the packet went through.
     *
     * @return the line, e.g. {@code decided by filter INPUT eth0: deny by GlobalNetworkPolicy "drop-other-ingress" ...}
     */
    public String decidedBy() {
        return decision.decidingStage().map(st -> "decided by " + firstLine(st.describe()))
                .orElse("no stage decided; last: " + firstLine(decision.deciding().describe()));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /**
     * Readable text: the node, the packet, the policy's stages, the ruleset's trace and the verdict.
     *
     * @return the text; its last line is {@code verdict: allow} or {@code verdict: deny}
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("node: ").append(node).append('\n');
        sb.append("packet: ").append(PacketText.describe(packet())).append('\n');
        sb.append("policy:\n");
        for (StageResult s : decision.stages()) {
            sb.append(indent(s.describe())).append('\n');
        }
        sb.append("ruleset:\n");
        String trace = ruleset.text();
        // The interpreter's text ends with its own verdict line; this text gives the verdict once, at the end.
        sb.append(indent(trace.substring(0, trace.lastIndexOf('\n') + 1).stripTrailing())).append('\n');
        if (!agree()) {
            sb.append("DISAGREEMENT: the policy says ").append(decision.verdict()).append(" but the compiled ruleset says ")
                    .append(ruleset.verdict()).append(" (a compiler bug)\n");
        }
        sb.append("verdict: ").append(verdict());
        return sb.toString();
    }

    /**
     * A JSON-friendly view: nested maps (insertion-ordered) and lists of strings, numbers and booleans. Keys:
     * {@code node}, {@code packet}, {@code verdict}, {@code oracleVerdict}, {@code rulesetVerdict}, {@code agree},
     * {@code stages} (the oracle's) and {@code trace} (the ruleset's steps: matched rules, conntrack, DNAT, base chain
     * ends).
     *
     * @return the map
     */
    public Map<String, Object> toMap() {
        return ExplanationMaps.of(this);
    }

    /**
     * The JSON-friendly view of a packet that {@link #toMap()} puts under {@code packet}, for tools that report
     * packets the same way.
     *
     * @param packet the packet
     * @return keys {@code family}, {@code protocol}, {@code source}, {@code sourcePort}, {@code destination},
     *     {@code destinationPort}, {@code icmpType}, {@code icmpCode}, {@code in}, {@code out}, {@code state},
     *     {@code dnat}, those that do not apply left out
     */
    public static Map<String, Object> packetMap(Packet packet) {
        return ExplanationMaps.packet(packet);
    }

    @Override
    public String toString() {
        return text();
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
