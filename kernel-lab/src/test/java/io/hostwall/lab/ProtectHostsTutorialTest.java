package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.lint.Linter;
import io.hostwall.compiler.lint.LintWarning;
import io.hostwall.model.PolicySet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Calico's protect-hosts tutorial (calico-hep-docs §1), step by step, from the manifests in
 * {@code examples/protect-hosts/}, on a real kernel with both backends. The lab's node is node1 (eth0
 * 10.240.0.11), the peer is inside the tutorial's cluster range 10.240.0.0/16, the pod in 192.168.0.0/16, the
 * external client in TEST-NET-3.
 */
@ExtendWith(LabExtension.class)
class ProtectHostsTutorialTest {
    private static final String DIR = "examples/protect-hosts/";
    private static final String PRE_DNAT = DIR + "01-pre-dnat-policies.yaml";
    private static final String OUTBOUND = DIR + "02-allow-outbound-external.yaml";
    private static final String HEP = DIR + "03-host-endpoint.yaml";
    private static final String NODEPORT = DIR + "04-allow-nodeport.yaml";
    private static final String HEP_WITH_IPS = DIR + "variants/expected-ips/host-endpoint.yaml";
    private static final String SPECIAL = DIR + "variants/special-value/";

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void afterManifestsOneToThreeTheClusterWorksAndTheOutsideIsClosedExceptFailsafes(KernelBackend b, Lab lab) {
        Firewall.Deployed d = Firewall.deploy(lab, b, Manifests.files(PRE_DNAT, OUTBOUND, HEP));
        Host node = lab.node();
        Expect e = new Expect(lab, d);
        // Cluster-internal peer: host ports, the NodePort, and pods through the node.
        e.open(Probe.tcp(lab.peer(), node.v4(), 80), "node")
                .open(Probe.tcp(lab.peer(), node.v4(), 443), "node")
                .reply(Probe.udp(lab.peer(), node.v4(), 53), "node")
                .reply(Probe.ping(lab.peer(), node.v4()), null)
                .open(Probe.tcp(lab.peer(), node.v4(), Lab.NODEPORT_TCP), "pod")
                .reply(Probe.udp(lab.peer(), node.v4(), Lab.NODEPORT_UDP), "pod")
                .open(Probe.tcp(lab.peer(), lab.pod().v4(), Lab.POD_TCP), "pod");
        // External: closed, NodePort included ("works from inside the cluster, not from outside") ...
        e.blocked(Probe.tcp(lab.external(), node.v4(), 80))
                .blocked(Probe.tcp(lab.external(), node.v4(), 443))
                .blocked(Probe.udp(lab.external(), node.v4(), 53))
                .blocked(Probe.ping(lab.external(), node.v4()))
                .blocked(Probe.tcp(lab.external(), node.v4(), Lab.NODEPORT_TCP))
                .blocked(Probe.udp(lab.external(), node.v4(), Lab.NODEPORT_UDP))
                .blocked(Probe.tcp(lab.external(), lab.pod().v4(), Lab.POD_TCP));
        // ... except the failsafe ports.
        e.open(Probe.tcp(lab.external(), node.v4(), 22), "node")
                .open(Probe.tcp(lab.external(), node.v4(), 179), "node")
                .reply(Probe.udp(lab.external(), node.v4(), 68), "node");
        // Host processes reach the outside (allow-outbound-external), replies come back (established).
        e.open(Probe.tcp(node, lab.external().v4(), 443), "external")
                .reply(Probe.udp(node, lab.external().v4(), 53), "external")
                .reply(Probe.ping(node, lab.external().v4()), null)
                .open(Probe.tcp(node, lab.peer().v4(), 80), "peer")
                .open(Probe.tcp(node, lab.external().v6(), 443), "external");
        // Pods are not host processes, but their forwarded traffic has no default deny.
        e.open(Probe.tcp(lab.pod(), lab.external().v4(), 80), "external");
        // The tutorial's cluster ranges are IPv4 only: drop-other-ingress drops all IPv6 from outside the node.
        e.blocked(Probe.tcp(lab.peer(), node.v6(), 80))
                .open(Probe.tcp(lab.peer(), node.v6(), 22), "node");
        e.check();
    }

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void allowNodePortWithExpectedIpsOpensTheNodePortAndNothingElse(KernelBackend b, Lab lab) {
        Firewall.Deployed d = Firewall.deploy(lab, b, Manifests.files(PRE_DNAT, OUTBOUND, HEP_WITH_IPS, NODEPORT));
        Host node = lab.node();
        new Expect(lab, d)
                .open(Probe.tcp(lab.external(), node.v4(), Lab.NODEPORT_TCP), "pod")
                .blocked(Probe.udp(lab.external(), node.v4(), Lab.NODEPORT_UDP))
                .blocked(Probe.tcp(lab.external(), node.v4(), 80))
                .blocked(Probe.tcp(lab.external(), node.v4(), 8080))
                .blocked(Probe.tcp(lab.external(), lab.pod().v4(), Lab.POD_TCP))
                .open(Probe.tcp(lab.external(), node.v4(), 22), "node")
                .open(Probe.tcp(lab.peer(), node.v4(), Lab.NODEPORT_TCP), "pod")
                .open(Probe.tcp(lab.peer(), node.v4(), 80), "node")
                .check();
    }

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void theLiteralTutorialLeavesTheNodePortClosedAndLintSaysWhy(KernelBackend b, Lab lab) {
        PolicySet literal = Manifests.files(PRE_DNAT, OUTBOUND, HEP, NODEPORT);
        Firewall.Deployed d = Firewall.deploy(lab, b, literal);
        new Expect(lab, d)
                .blocked(Probe.tcp(lab.external(), lab.node().v4(), Lab.NODEPORT_TCP))
                .open(Probe.tcp(lab.peer(), lab.node().v4(), Lab.NODEPORT_TCP), "pod")
                .check();
        List<LintWarning> lint = new Linter(Firewall.options()).lint(literal, List.of("node1"),
                Map.of("node1", Firewall.facts(lab, lab.node())));
        assertTrue(lint.stream().anyMatch(w -> w.code() == LintWarning.Code.SELECTOR_RESOLVES_TO_NOTHING
                        && w.problem().toString().contains("allow-nodeport")),
                "lint should say allow-nodeport's destination selector resolves to nothing; got " + lint);
    }

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void theSpecialValueVariantOpensTheNodePortOnlyOnTheLabelledNode(KernelBackend b, Lab lab) {
        PolicySet set = Manifests.files(PRE_DNAT, OUTBOUND, SPECIAL);
        Firewall.Deployed one = Firewall.deploy(lab, lab.node(), "node1", b, set);
        Firewall.Deployed two = Firewall.deploy(lab, lab.node2(), "node2", b, set);
        new Expect(lab, () -> one.describe() + "\n" + two.describe())
                .open(Probe.tcp(lab.external(), lab.node().v4(), Lab.NODEPORT_TCP), "pod")
                .blocked(Probe.tcp(lab.external(), lab.node2().v4(), Lab.NODEPORT_TCP))
                .open(Probe.tcp(lab.peer(), lab.node2().v4(), Lab.NODEPORT_TCP), "pod2")
                .blocked(Probe.tcp(lab.external(), lab.node().v4(), 80))
                .blocked(Probe.tcp(lab.external(), lab.node2().v4(), 80))
                .check();
    }
}
