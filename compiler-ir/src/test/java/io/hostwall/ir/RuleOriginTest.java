package io.hostwall.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.RuleOrigin.Builtin;
import io.hostwall.ir.RuleOrigin.Purpose;
import io.hostwall.net.Cidr;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The comments rendered from origins are the ruleset's comments, word for word; origins refuse impossible states. */
class RuleOriginTest {

    @Test
    void policyRulesNameTheirRuleThenTheirAnnotations() {
        RuleOrigin o = new RuleOrigin.PolicyRule(RuleOrigin.Owner.POLICY, "allow-ssh", Optional.of("default"),
                RuleOrigin.Direction.INGRESS, 2, ImmutableSortedMap.of("team", "net", "owner", "a=b"));
        assertEquals(List.of("policy allow-ssh ingress[2]", "owner=a=b", "team=net"), o.comments());
        RuleOrigin p = new RuleOrigin.PolicyRule(RuleOrigin.Owner.PROFILE, "kns.x", Optional.empty(),
                RuleOrigin.Direction.EGRESS, 0, ImmutableSortedMap.of());
        assertEquals(List.of("profile kns.x egress[0]"), p.comments());
    }

    @Test
    void failsafesSayListReplyProtocolPortAndNet() {
        assertEquals(List.of("failsafe inbound tcp:22"), new RuleOrigin.Failsafe(RuleOrigin.FailsafeList.INBOUND, false,
                "tcp", 22, Optional.empty()).comments());
        assertEquals(List.of("failsafe reply to outbound udp:53 10.0.0.0/8"), new RuleOrigin.Failsafe(
                RuleOrigin.FailsafeList.OUTBOUND, true, "udp", 53, Cidr.parseStrict("10.0.0.0/8")).comments());
    }

    @Test
    void builtinsCarryTheirFixedTextWithTheirSubject() {
        assertEquals(List.of("end of tier default: drop if no policy passed the packet"),
                Builtin.of(Purpose.TIER_END, "default").comments());
        assertEquals(List.of("HostEndpoint node1-eth0: drop if no policy or profile allowed"),
                Builtin.of(Purpose.FINAL_DROP, "node1-eth0").comments());
        assertEquals(List.of("policy 100%s"), Builtin.of(Purpose.POLICY_JUMP, "100%s").comments());
        assertEquals(List.of(), Builtin.of(Purpose.MARK_RESET).comments());
        assertEquals(List.of("failsafe ports"), Builtin.of(Purpose.FAILSAFE_JUMP).comments());
    }

    @Test
    void impossibleOriginsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Builtin.of(Purpose.TIER_END));
        assertThrows(IllegalArgumentException.class, () -> Builtin.of(Purpose.MARK_RESET, "x"));
        assertThrows(IllegalArgumentException.class, () -> new RuleOrigin.PolicyRule(RuleOrigin.Owner.PROFILE, "p",
                Optional.of("default"), RuleOrigin.Direction.INGRESS, 0, ImmutableSortedMap.of()));
        assertThrows(IllegalArgumentException.class, () -> new RuleOrigin.PolicyRule(RuleOrigin.Owner.POLICY, "p",
                Optional.of("default"), RuleOrigin.Direction.INGRESS, -1, ImmutableSortedMap.of()));
    }

    @Test
    void notesAreForHandBuiltRulesOnly() {
        IrRule hand = IrRule.of(new IrAction.Drop()).withNote("a").withNote("b");
        assertEquals(ImmutableList.of("a", "b"), hand.comments());
        IrRule compiled = IrRule.of(Builtin.of(Purpose.FAILSAFE_JUMP), new IrAction.Jump("hw-failsafe-in"));
        assertThrows(IllegalStateException.class, () -> compiled.withNote("free text"));
    }
}
