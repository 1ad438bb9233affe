package io.hostwall.compiler.oracle;

import io.hostwall.compiler.eval.RuleRef;
import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.deny;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.gen.Models.labels;
import static io.hostwall.compiler.gen.Models.log;
import static io.hostwall.compiler.gen.Models.pass;
import static io.hostwall.compiler.gen.Models.profile;
import static io.hostwall.compiler.gen.Models.side;
import static io.hostwall.compiler.gen.Models.tier;
import static io.hostwall.compiler.gen.Models.tierWithoutOrder;
import static io.hostwall.compiler.oracle.OracleTesting.HOST;
import static io.hostwall.compiler.oracle.OracleTesting.OUTSIDE;
import static io.hostwall.compiler.oracle.OracleTesting.assertRule;
import static io.hostwall.compiler.oracle.OracleTesting.assertStage;
import static io.hostwall.compiler.oracle.OracleTesting.assertVerdict;
import static io.hostwall.compiler.oracle.OracleTesting.decide;
import static io.hostwall.compiler.oracle.OracleTesting.eth0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.model.Direction;
import io.hostwall.model.Profile;
import io.hostwall.model.Protocol;
import io.hostwall.model.TierAction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEMANTICS §2, §5, §7.1: the normal stage (filter INPUT/OUTPUT), tiers, policies, profiles, final drop. */
class NormalStageTest {
    private static final Packet IN_HTTP = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").build();
    private static final Packet OUT_HTTP = Packets.tcp(HOST, 40000, OUTSIDE, 80).out("eth0").build();

    @Test
    void hostEndpointWithoutPolicyDeniesTrafficToTheHost() {
        Decision d = decide(IN_HTTP, eth0());
        assertVerdict(DENY, d);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.DENY, Reason.FinalDrop.class);
    }

    @Test
    void hostEndpointWithOnlyIngressPolicyStillDeniesTrafficFromTheHost() {
        Decision d = decide(OUT_HTTP, eth0(), gnp("in").ingress(allow()).build());
        assertVerdict(DENY, d);
        assertStage(d, Stage.NORMAL_EGRESS, Effect.DENY, Reason.FinalDrop.class);
    }

    @Test
    void interfaceWithoutHostEndpointIsNotPoliced() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth9").build();
        Decision d = decide(p, eth0(), gnp("deny-all").ingress(deny()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.NOT_POLICED, Reason.NoHostEndpoint.class);
        assertVerdict(ALLOW, decide(Packets.tcp(HOST, 1, OUTSIDE, 80).out("eth9").build(), eth0()));
        assertVerdict(ALLOW, decide(Packets.tcp(OUTSIDE, 1, HOST, 80).in("eth8").out("eth9").build(), eth0()));
    }

    @Test
    void allowEndsEvaluationSoLaterPoliciesDoNotRun() {
        Decision d = decide(IN_HTTP, eth0(),
                gnp("a-allow").order(1).ingress(allow()).build(),
                gnp("b-deny").order(2).ingress(deny()).build());
        assertVerdict(ALLOW, d);
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "a-allow", 0);
    }

    @Test
    void denyRuleDenies() {
        Decision d = decide(IN_HTTP, eth0(), gnp("deny").ingress(deny().protocol(Protocol.TCP)).build());
        assertVerdict(DENY, d);
        assertRule(d, Stage.NORMAL_INGRESS, Effect.DENY, "deny", 0);
    }

    @Test
    void logContinuesWithTheNextRule() {
        Decision d = decide(IN_HTTP, eth0(), gnp("p").ingress(log(), allow()).build());
        assertVerdict(ALLOW, d);
        StageResult s = assertStage(d, Stage.NORMAL_INGRESS, Effect.ALLOW, Reason.RuleMatch.class);
        assertEquals(1, s.logged().size());
        assertEquals(1, ((Reason.RuleMatch) s.reason()).rule().index());
        assertVerdict(DENY, decide(IN_HTTP, eth0(), gnp("p").ingress(log()).build()));
    }

    @Test
    void policyWithoutMatchingRuleFallsThroughToTheNextPolicy() {
        Decision d = decide(IN_HTTP, eth0(),
                gnp("first").order(1).ingress(deny().protocol(Protocol.UDP)).build(),
                gnp("second").order(2).ingress(allow()).build());
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "second", 0);
    }

    @Test
    void policiesRunByOrderThenNameWithMissingOrderLast() {
        // "a" has no order: last despite its name; "b" and "c" tie on order 5: by name.
        Decision d = decide(IN_HTTP, eth0(),
                gnp("a").ingress(deny()).build(),
                gnp("c").order(5).ingress(deny()).build(),
                gnp("b").order(5).ingress(allow()).build());
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "b", 0);
        Decision e = decide(IN_HTTP, eth0(),
                gnp("a").ingress(allow()).build(),
                gnp("z").order(1e9).ingress(deny()).build());
        assertRule(e, Stage.NORMAL_INGRESS, Effect.DENY, "z", 0);
    }

    @Test
    void passSkipsTheRestOfTheTierAndGoesToTheNextTier() {
        Decision d = decide(IN_HTTP, eth0(), tier("first", 10, TierAction.DENY),
                gnp("p1").tier("first").order(1).ingress(pass()).build(),
                gnp("p2").tier("first").order(2).ingress(deny()).build(),
                gnp("allow").ingress(allow()).build());
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "allow", 0);
        assertEquals(1, OracleTesting.stage(d, Stage.NORMAL_INGRESS).passed().size());
    }

    @Test
    void tierWithDefaultDenyDropsWhenNoPolicyDecides() {
        Decision d = decide(IN_HTTP, eth0(), tier("first", 10, TierAction.DENY),
                gnp("udp-only").tier("first").ingress(allow().protocol(Protocol.UDP)).build(),
                gnp("allow").ingress(allow()).build());
        assertVerdict(DENY, d);
        StageResult s = assertStage(d, Stage.NORMAL_INGRESS, Effect.DENY, Reason.TierDefaultDeny.class);
        assertEquals("first", ((Reason.TierDefaultDeny) s.reason()).tier());
    }

    @Test
    void tierWithDefaultPassGoesOnToTheNextTier() {
        Decision d = decide(IN_HTTP, eth0(), tier("first", 10, TierAction.PASS),
                gnp("udp-only").tier("first").ingress(allow().protocol(Protocol.UDP)).build(),
                gnp("allow").ingress(allow()).build());
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "allow", 0);
    }

    @Test
    void tiersRunByOrderThenNameWithMissingOrderLast() {
        Decision d = decide(IN_HTTP, eth0(),
                tierWithoutOrder("aaa", TierAction.DENY), tier("zzz", 5, TierAction.DENY),
                tier("mmm", 5, TierAction.DENY),
                gnp("in-aaa").tier("aaa").ingress(deny()).build(),
                gnp("in-zzz").tier("zzz").ingress(deny()).build(),
                gnp("in-mmm").tier("mmm").ingress(allow()).build());
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "in-mmm", 0);
        // default tier (order 1,000,000) before a tier with no order
        Decision e = decide(IN_HTTP, eth0(), tierWithoutOrder("aaa", TierAction.DENY),
                gnp("in-aaa").tier("aaa").ingress(deny()).build(),
                gnp("in-default").ingress(allow()).build());
        assertRule(e, Stage.NORMAL_INGRESS, Effect.ALLOW, "in-default", 0);
    }

    @Test
    void tierTakesPartOnlyInTheDirectionsItsPoliciesGovern() {
        // An ingress-only policy in a Deny tier does not drop egress: egress goes straight to the profiles.
        Decision d = decide(OUT_HTTP, Models2.hepWithProfiles(Profile.DEFAULT_ALLOW),
                gnp("in").ingress(deny()).build());
        assertStage(d, Stage.NORMAL_EGRESS, Effect.ALLOW, Reason.RuleMatch.class);
        assertEquals(RuleRef.Owner.PROFILE,
                ((Reason.RuleMatch) OracleTesting.stage(d, Stage.NORMAL_EGRESS).reason()).rule().owner());
    }

    @Test
    void policyGoverningADirectionWithoutRulesForItEndsInTheTierDefault() {
        Decision d = decide(OUT_HTTP, Models2.hepWithProfiles(Profile.DEFAULT_ALLOW),
                gnp("both").types(Direction.INGRESS, Direction.EGRESS).ingress(allow()).build());
        assertVerdict(DENY, d);
        assertStage(d, Stage.NORMAL_EGRESS, Effect.DENY, Reason.TierDefaultDeny.class);
    }

    @Test
    void passOutOfTheLastTierReachesTheProfiles() {
        Decision d = decide(IN_HTTP, Models2.hepWithProfiles(Profile.DEFAULT_ALLOW),
                gnp("p").ingress(pass()).build());
        assertVerdict(ALLOW, d);
        assertEquals(Profile.DEFAULT_ALLOW,
                ((Reason.RuleMatch) OracleTesting.stage(d, Stage.NORMAL_INGRESS).reason()).rule().name());
        assertVerdict(DENY, decide(IN_HTTP, eth0(), gnp("p").ingress(pass()).build()));
    }

    @Test
    void builtInDefaultAllowProfileAllowsWhenNoPolicyApplies() {
        assertVerdict(ALLOW, decide(IN_HTTP, Models2.hepWithProfiles(Profile.DEFAULT_ALLOW)));
        assertVerdict(ALLOW, decide(OUT_HTTP, Models2.hepWithProfiles(Profile.DEFAULT_ALLOW)));
    }

    @Test
    void profilesRunInOrderAndPassEndsOnlyTheProfile() {
        Profile passing = profile("passing", List.of(pass().build(), deny().build()), List.of());
        Profile denying = profile("denying", List.of(log().build(), deny().build()), List.of());
        Profile allowing = profile("allowing", List.of(allow().build()), List.of());
        Decision d = decide(IN_HTTP, Models2.hepWithProfiles("passing", "allowing", "denying"),
                passing, denying, allowing);
        assertVerdict(ALLOW, d);
        assertEquals("allowing", ((Reason.RuleMatch) OracleTesting.stage(d, Stage.NORMAL_INGRESS).reason()).rule()
                .name());
        Decision e = decide(IN_HTTP, Models2.hepWithProfiles("denying", "allowing"), denying, allowing);
        assertVerdict(DENY, e);
        assertEquals(1, OracleTesting.stage(e, Stage.NORMAL_INGRESS).logged().size());
    }

    /**
     * Felix quirk (SEMANTICS §5): a policy's Pass in the last tier leaves the pass mark set, nothing clears it before
     * the profiles, and a profile's Pass rule ends in "pass mark set: return". So the profile ends at its first Pass
     * rule even though that rule does not match, and the Allow after it is never reached.
     */
    @Test
    void passMarkFromTheLastTierEndsAProfileAtItsFirstPassRule() {
        Profile udpPassThenAllow = profile("udp-pass",
                List.of(pass().protocol(Protocol.UDP).build(), allow().build()), List.of());
        Decision d = decide(IN_HTTP, Models2.hepWithProfiles("udp-pass"), udpPassThenAllow,
                gnp("p").ingress(pass()).build());
        assertStage(d, Stage.NORMAL_INGRESS, Effect.DENY, Reason.FinalDrop.class);
        StageResult normal = OracleTesting.stage(d, Stage.NORMAL_INGRESS);
        assertEquals(List.of("p", "udp-pass"), normal.passed().stream().map(RuleRef::name).toList());
        // The explanation says the profile's Pass did not match: the mark ended the profile.
        assertEquals(List.of("udp-pass"), normal.passMarkReturns().stream().map(RuleRef::name).toList());
        assertTrue(d.text().contains("passed by Profile \"udp-pass\" spec.ingress[0] Pass (not matched: the pass mark"
                + " was already set"), d::text);
        // Without the policy's Pass the mark is clear: the UDP Pass rule does not match and the Allow does.
        assertRule(decide(IN_HTTP, Models2.hepWithProfiles("udp-pass"), udpPassThenAllow), Stage.NORMAL_INGRESS,
                Effect.ALLOW, "udp-pass", 1);
    }

    @Test
    void tierLeftByItsDefaultPassLeavesThePassMarkClear() {
        Profile udpPassThenAllow = profile("udp-pass",
                List.of(pass().protocol(Protocol.UDP).build(), allow().build()), List.of());
        Decision d = decide(IN_HTTP, Models2.hepWithProfiles("udp-pass"), udpPassThenAllow,
                tier("t", 10, TierAction.PASS), gnp("udp-only").tier("t").ingress(allow().protocol(Protocol.UDP)).build());
        assertRule(d, Stage.NORMAL_INGRESS, Effect.ALLOW, "udp-pass", 1);
        // A Pass in an earlier tier is cleared by the next tier's start; the last tier then decides the mark.
        Decision f = decide(IN_HTTP, Models2.hepWithProfiles("udp-pass"), udpPassThenAllow,
                gnp("passer").ingress(pass()).build(), tier("t", 2_000_000, TierAction.PASS),
                gnp("udp-only").tier("t").ingress(allow().protocol(Protocol.UDP)).build());
        assertRule(f, Stage.NORMAL_INGRESS, Effect.ALLOW, "udp-pass", 1);
    }

    @Test
    void passMarkSetByAnEarlierProfileEndsTheNextProfileAtItsFirstPassRule() {
        Profile passing = profile("passing", List.of(pass().build()), List.of());
        Profile udpPassThenAllow = profile("udp-pass",
                List.of(pass().protocol(Protocol.UDP).build(), allow().build()), List.of());
        Decision d = decide(IN_HTTP, Models2.hepWithProfiles("passing", "udp-pass"), passing, udpPassThenAllow);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.DENY, Reason.FinalDrop.class);
        assertRule(decide(IN_HTTP, Models2.hepWithProfiles("udp-pass", "passing"), passing, udpPassThenAllow),
                Stage.NORMAL_INGRESS, Effect.ALLOW, "udp-pass", 1);
    }

    @Test
    void passRuleFelixLeavesOutOfTheFamilysChainDoesNotEndTheProfile() {
        // ipVersion 6, and a v6-only notNets list: neither rule is in the IPv4 chain, so the IPv4 packet reaches
        // the Allow. (A notNets catch-all would be in no chain either; the model refuses it, as Calico does.)
        org.junit.jupiter.api.Assertions.assertThrows(io.hostwall.model.InvalidResourceException.class,
                () -> pass().source(side().notNets("0.0.0.0/0")).build());
        for (io.hostwall.model.Rule notInV4 : List.of(pass().ipVersion(io.hostwall.net.IpFamily.V6).build(),
                pass().source(side().notNets("fd00::/8")).build())) {
            Profile p = profile("prof", List.of(notInV4, allow().build()), List.of());
            assertRule(decide(IN_HTTP, Models2.hepWithProfiles("prof"), p, gnp("p").ingress(pass()).build()),
                    Stage.NORMAL_INGRESS, Effect.ALLOW, "prof", 1);
        }
        // A selector that resolves to nothing leaves the rule in the chain (matching an empty set): it still ends
        // the profile.
        Profile p = profile("prof", List.of(pass().source(side().selector("role == 'nobody'")).build(),
                allow().build()), List.of());
        assertStage(decide(IN_HTTP, Models2.hepWithProfiles("prof"), p, gnp("p").ingress(pass()).build()),
                Stage.NORMAL_INGRESS, Effect.DENY, Reason.FinalDrop.class);
    }

    @Test
    void afterTheProfilesThePacketIsDropped() {
        Profile none = profile("udp-only", List.of(allow().protocol(Protocol.UDP).build()), List.of());
        Decision d = decide(IN_HTTP, Models2.hepWithProfiles("udp-only"), none);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.DENY, Reason.FinalDrop.class);
    }

    @Test
    void establishedPacketsAreAcceptedBeforeAnyPolicy() {
        Packet p = Packets.tcp(OUTSIDE, 40000, HOST, 80).in("eth0").established().build();
        Decision d = decide(p, eth0(), gnp("deny").ingress(deny()).build());
        assertVerdict(ALLOW, d);
        assertStage(d, Stage.NORMAL_INGRESS, Effect.ALLOW, Reason.Established.class);
    }

    @Test
    void policyWithANamespaceSelectorNeverAppliesToAHostEndpoint() {
        Decision d = decide(IN_HTTP, Models2.hepWithProfiles(Profile.DEFAULT_ALLOW),
                gnp("ns").namespaceSelector("all()").ingress(deny()).build());
        assertVerdict(ALLOW, d);
    }

    @Test
    void policyAppliesOnlyWhenItsSelectorMatchesTheEffectiveLabels() {
        Profile labelling = profile("labelling", List.of(), List.of(), labels("env", "prod", "role", "db"));
        // The endpoint's own role=host overrides the profile's role=db; env=prod comes from the profile.
        var hep = hep("node1-eth0").iface("eth0").label("role", "host").profiles("labelling").build();
        assertVerdict(ALLOW, decide(IN_HTTP, hep, labelling,
                gnp("p").selector("env == 'prod' && role == 'host'").ingress(allow()).build()));
        assertVerdict(DENY, decide(IN_HTTP, hep, labelling,
                gnp("p").selector("role == 'db'").ingress(allow()).build()));
    }

    @Test
    void laterProfilesLabelsOverrideEarlierOnes() {
        Profile first = profile("first", List.of(), List.of(), labels("env", "dev"));
        Profile second = profile("second", List.of(), List.of(), labels("env", "prod"));
        var hep = hep("node1-eth0").iface("eth0").profiles("first", "second").build();
        assertVerdict(ALLOW, decide(IN_HTTP, hep, first, second,
                gnp("p").selector("env == 'prod'").ingress(allow()).build()));
    }

    @Test
    void egressRulesSeeTheDestinationOfHostTraffic() {
        Decision d = decide(OUT_HTTP, eth0(),
                gnp("out").egress(allow().protocol(Protocol.TCP).destination(side().nets("203.0.113.0/24"))).build());
        assertRule(d, Stage.NORMAL_EGRESS, Effect.ALLOW, "out", 0);
    }

    /** Small endpoint helpers specific to these tests. */
    static final class Models2 {
        static io.hostwall.model.HostEndpoint hepWithProfiles(String... profiles) {
            return hep("node1-eth0").iface("eth0").label("role", "host").ips(HOST).profiles(profiles).build();
        }
    }
}
