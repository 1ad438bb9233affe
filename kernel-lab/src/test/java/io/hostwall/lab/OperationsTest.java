package io.hostwall.lab;

import static io.hostwall.lab.M.HEP;
import static io.hostwall.lab.M.gnp;
import static io.hostwall.lab.M.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hostwall.spi.DocumentKind;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What an operator relies on when a node agent re-applies rulesets: the same ruleset twice changes nothing, a
 * broken file changes nothing, a new ruleset takes over for new connections. kube-proxy's tables survive all of it.
 */
@ExtendWith(LabExtension.class)
class OperationsTest {

    /** Uses sets (selector → expectedIPs, a GlobalNetworkSet) so set handling on re-apply is exercised too. */
    private static final String SET = """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkSet
            metadata:
              name: clients
              labels: {trusted: "yes"}
            spec:
              nets: [10.240.0.21/32, 10.240.0.22/32, 10.240.0.23/32, "fd00:240::21/128", "fd00:240::22/128"]
            """;

    private static String version(int port) {
        return join(HEP, SET, gnp("trusted-in", """
                ingress:
                - {action: Allow, protocol: TCP, source: {selector: trusted == 'yes'}, destination: {ports: [%d]}}
                - {action: Allow, protocol: TCP, source: {selector: role == 'node'}, destination: {ports: [%d]}}
                egress: [{action: Allow}]
                """.formatted(port, port)));
    }

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void reapplyingTheSameRulesetChangesNothing(KernelBackend b, Lab lab) {
        String kubeProxy = RulesetApplier.kubeProxyTables(lab.node().ns());
        Firewall.Deployed first = Firewall.deploy(lab, b, Manifests.yaml(version(80)));
        String once = b.dump(lab.node().ns());
        Firewall.Deployed again = Firewall.deploy(lab, b, Manifests.yaml(version(80)));
        assertEquals(first.rendered(), again.rendered(), "rendering is deterministic");
        assertEquals(once, b.dump(lab.node().ns()), "second apply of the same ruleset changed the kernel's ruleset");
        assertEquals(kubeProxy, RulesetApplier.kubeProxyTables(lab.node().ns()), "kube-proxy's tables changed");
        new Expect(lab, again)
                .open(Probe.tcp(lab.peer(), lab.node().v4(), 80), "node")
                .open(Probe.tcp(lab.peer(), lab.node().v6(), 80), "node")
                .blocked(Probe.tcp(lab.peer(), lab.node().v4(), 443))
                .blocked(Probe.tcp(lab.external(), lab.node().v4(), 80))
                .open(Probe.tcp(lab.external(), lab.node().v4(), Lab.NODEPORT_TCP), "pod")
                .check();
    }

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void aBrokenRulesetLeavesThePreviousOneInForce(KernelBackend b, Lab lab) {
        Firewall.Deployed old = Firewall.deploy(lab, b, Manifests.yaml(version(80)));
        String before = b.dump(lab.node().ns());
        Firewall.Deployed next = Firewall.build(lab, lab.node(), "node1", b, Manifests.yaml(version(443)));
        // The new ruleset with garbage at the end of its main document.
        Map<DocumentKind, String> broken = new TreeMap<>(next.rendered().documents());
        DocumentKind main = b == KernelBackend.NFTABLES ? DocumentKind.NFT : DocumentKind.IP6TABLES;
        broken.put(main, broken.get(main) + "this is not a rule\n");
        Cmd.Result r = b.apply(lab.node().ns(), broken);
        assertFalse(r.ok(), "a broken ruleset must be refused:\n" + r.describe());
        assertEquals(before, b.dump(lab.node().ns()), "a refused ruleset must leave the old one untouched");
        new Expect(lab, old)
                .open(Probe.tcp(lab.peer(), lab.node().v4(), 80), "node")
                .open(Probe.tcp(lab.peer(), lab.node().v6(), 80), "node")
                .blocked(Probe.tcp(lab.peer(), lab.node().v4(), 443))
                .blocked(Probe.tcp(lab.peer(), lab.node().v6(), 443))
                .check();
    }

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void aReplacedRulesetTakesEffectForNewConnections(KernelBackend b, Lab lab) {
        Firewall.Deployed old = Firewall.deploy(lab, b, Manifests.yaml(version(80)));
        new Expect(lab, old)
                .open(Probe.tcp(lab.peer(), lab.node().v4(), 80), "node")
                .blocked(Probe.tcp(lab.peer(), lab.node().v4(), 443))
                .check();
        // No reset in between: the new ruleset replaces the old one in place, as a node agent would apply it.
        Firewall.Deployed next = Firewall.deploy(lab, b, Manifests.yaml(version(443)));
        new Expect(lab, next)
                .blocked(Probe.tcp(lab.peer(), lab.node().v4(), 80))
                .open(Probe.tcp(lab.peer(), lab.node().v4(), 443), "node")
                .open(Probe.tcp(lab.peer(), lab.node().v6(), 443), "node")
                .blocked(Probe.tcp(lab.peer(), lab.node().v6(), 80))
                .check();
    }
}
