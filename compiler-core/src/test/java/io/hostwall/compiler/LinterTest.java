package io.hostwall.compiler;

import io.hostwall.compiler.lint.LintWarning;
import io.hostwall.compiler.lint.Linter;
import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.gen.Models.log;
import static io.hostwall.compiler.gen.Models.pass;
import static io.hostwall.compiler.gen.Models.profile;
import static io.hostwall.compiler.gen.Models.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.model.PolicySet;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinterTest {
    private static List<LintWarning> lint(Resource... resources) {
        return new Linter(CompileOptions.defaults()).lint(PolicySet.of(Arrays.asList(resources)), List.of());
    }

    private static List<String> codes(List<LintWarning> warnings, LintWarning.Code code) {
        return warnings.stream().filter(w -> w.code() == code).map(LintWarning::toString).toList();
    }

    @Test
    void passRuleInAProfileWithRulesAfterItIsFlaggedAtItsIndex() {
        List<LintWarning> w = lint(hep("h").iface("eth0").ips("10.0.0.1").profiles("prof").build(),
                profile("prof", List.of(log().build(), pass().protocol(Protocol.UDP).build(), allow().build()),
                        List.of(allow().build(), pass().build())));
        List<String> found = codes(w, LintWarning.Code.PASS_IN_PROFILE);
        assertEquals(1, found.size(), w::toString);
        assertTrue(found.get(0).contains("Profile \"prof\": spec.ingress[1]"), found::toString);
        assertTrue(found.get(0).endsWith("[pass-in-profile]"), found::toString);
    }

    @Test
    void passRulesAtTheEndOfAProfileAndPassInPoliciesAreNotFlagged() {
        List<LintWarning> w = lint(hep("h").iface("eth0").ips("10.0.0.1").profiles("prof").build(),
                profile("prof", List.of(allow().protocol(Protocol.TCP).build(), pass().build(), pass().build()),
                        List.of()),
                gnp("p").selector("all()").ingress(pass().source(side().nets("10.0.0.0/8")), allow()).build());
        assertEquals(List.of(), codes(w, LintWarning.Code.PASS_IN_PROFILE));
    }

    @Test
    void anIpv6EndpointWhosePolicyDropsNeighbourDiscoveryIsFlagged() {
        List<LintWarning> w = lint(hep("h").iface("eth0").ips("10.0.0.1", "fd00::1").build());
        List<String> found = codes(w, LintWarning.Code.IPV6_NEIGHBOR_DISCOVERY_BLOCKED);
        assertEquals(List.of("HostEndpoint \"h\": spec: policy drops IPv6 neighbour discovery on eth0 (solicitations"
                + " in, solicitations out, advertisements in, advertisements out): IPv6 through it stops once"
                + " neighbour entries expire; allow ICMPv6 types 135 and 136 in both directions"
                + " [ipv6-neighbor-discovery-blocked]"), found);
        // Only solicitations allowed, and only inbound: the other three are still reported.
        List<LintWarning> partly = lint(hep("h").iface("eth0").ips("fd00::1").build(), gnp("nd").selector("all()")
                .ingress(allow().protocol(Protocol.ICMPV6).icmp(135, null)).build());
        assertTrue(codes(partly, LintWarning.Code.IPV6_NEIGHBOR_DISCOVERY_BLOCKED).get(0)
                .contains("(solicitations out, advertisements in, advertisements out)"), partly::toString);
    }

    @Test
    void neighbourDiscoveryIsNotFlaggedWhenAllowedOrWhenTheEndpointHasNoIpv6() {
        assertEquals(List.of(), codes(lint(hep("h").iface("eth0").ips("10.0.0.1").build()),
                LintWarning.Code.IPV6_NEIGHBOR_DISCOVERY_BLOCKED));
        assertEquals(List.of(), codes(lint(hep("h").iface("eth0").ips("fd00::1").build(), gnp("nd").selector("all()")
                        .ingress(allow().protocol(Protocol.ICMPV6)).egress(allow().protocol(Protocol.ICMPV6)).build()),
                LintWarning.Code.IPV6_NEIGHBOR_DISCOVERY_BLOCKED));
        assertEquals(List.of(), codes(lint(hep("h").iface("eth0").ips("fd00::1")
                        .profiles(io.hostwall.model.Profile.DEFAULT_ALLOW).build()),
                LintWarning.Code.IPV6_NEIGHBOR_DISCOVERY_BLOCKED));
    }
}
