package io.hostwall.compiler.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.compiler.oracle.Reason;
import io.hostwall.compiler.oracle.StageResult;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.PolicySet;
import io.hostwall.model.manifest.ManifestLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Explain joins the oracle's deciding rule to the IR rule the interpreter matched by the rule's typed origin. If the
 * compiler stopped attaching origins, or the join went back to comparing text, these fail.
 */
class OriginJoinTest {
    private static final Path DIR = Path.of("..", "examples", "protect-hosts");
    private static final String NODE = "node1";

    private static PolicySet tutorial() throws Exception {
        return ManifestLoader.load(Stream.of("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml",
                "03-host-endpoint.yaml", "04-allow-nodeport.yaml").map(DIR::resolve).toList());
    }

    private static Ruleset compiled(PolicySet set) throws Exception {
        return HostwallCompiler.create(CompileOptions.defaults()).compile(set, NODE).ruleset();
    }

    @Test
    void aDenyingPolicyRuleIsJoinedToTheIrRuleThatDropped() throws Exception {
        PolicySet set = tutorial();
        Explanation e = new Explainer(set, NODE, CompileOptions.defaults(), compiled(set))
                .explain(Packets.tcp("203.0.113.7", 40000, "10.240.0.11", 31852).in("eth0").build());
        StageResult deciding = e.decision().decidingStage().orElseThrow();
        Reason.RuleMatch m = assertInstanceOf(Reason.RuleMatch.class, deciding.reason(), deciding::describe);
        TracedRule joined = e.decidingIrRule().orElseThrow(() -> new AssertionError("no IR rule joined:\n" + e.text()));
        RuleOrigin.PolicyRule origin = assertInstanceOf(RuleOrigin.PolicyRule.class, joined.rule().origin());
        assertEquals(new RuleOrigin.PolicyRule(RuleOrigin.Owner.POLICY, m.rule().name(), m.rule().tier(),
                RuleOrigin.Direction.INGRESS, m.rule().index(), ImmutableSortedMap.of()), origin);
        assertEquals("drop-other-ingress", origin.name());
        assertInstanceOf(IrAction.Drop.class, joined.rule().action());
        assertEquals(joined, e.irRuleOf(deciding).orElseThrow());
    }

    @Test
    void aFailsafeIsJoinedToItsAcceptRule() throws Exception {
        PolicySet set = tutorial();
        Explanation e = new Explainer(set, NODE, CompileOptions.defaults(), compiled(set))
                .explain(Packets.tcp("203.0.113.7", 40000, "10.240.0.11", 22).in("eth0").build());
        StageResult deciding = e.decision().decidingStage().orElseThrow();
        assertInstanceOf(Reason.FailsafeMatch.class, deciding.reason(), deciding::describe);
        TracedRule joined = e.decidingIrRule().orElseThrow(() -> new AssertionError("no IR rule joined:\n" + e.text()));
        assertEquals(new RuleOrigin.Failsafe(RuleOrigin.FailsafeList.INBOUND, false, "tcp", 22, Optional.empty()),
                joined.rule().origin());
        assertInstanceOf(IrAction.Accept.class, joined.rule().action());
    }

    @Test
    void theJoinReadsTheTypedOriginNotTheCommentText() throws Exception {
        PolicySet set = tutorial();
        // The same ruleset with every origin replaced by a note of the same text: comments (and so every backend's
        // output) are unchanged, but nothing says any more which policy rule a rule implements.
        Ruleset notes = asNotes(compiled(set));
        Explanation e = new Explainer(set, NODE, CompileOptions.defaults(), notes)
                .explain(Packets.tcp("203.0.113.7", 40000, "10.240.0.11", 31852).in("eth0").build());
        assertTrue(e.agree());
        assertTrue(e.text().contains("# policy drop-other-ingress ingress[0]"), e.text());
        assertEquals(Optional.empty(), e.decidingIrRule());
    }

    private static Ruleset asNotes(Ruleset r) {
        return new Ruleset(r.node(),
                r.baseChains().stream().map(b -> new BaseChain(b.name(), b.table(), b.hook(), notes(b.rules())))
                        .collect(ImmutableList.toImmutableList()),
                r.chains().stream().map(c -> new Chain(c.name(), notes(c.rules())))
                        .collect(ImmutableList.toImmutableList()),
                r.sets(), r.marks());
    }

    private static ImmutableList<IrRule> notes(List<IrRule> rules) {
        return rules.stream().map(x -> x.withOrigin(new RuleOrigin.Note(x.comments())))
                .collect(ImmutableList.toImmutableList());
    }
}
