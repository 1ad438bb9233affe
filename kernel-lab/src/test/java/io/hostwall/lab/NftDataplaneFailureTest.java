package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.model.PolicySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, nftables: a transaction the kernel refuses changes nothing. The lab's node runs the protect-hosts
 * tutorial (manifests 1-3) through the dataplane; the delta to "no host endpoint policy" is then given to the kernel
 * with one command it must refuse appended (a rule in a chain that does not exist). The apply fails, and the table
 * lists exactly as before, handles included, and packets meet the tutorial's policy still. The same delta without
 * the bad command then opens the node, so the refused transaction did carry a change.
 */
@ExtendWith(LabExtension.class)
class NftDataplaneFailureTest {
    private static final String DIR = "examples/protect-hosts/";

    @Test
    void aRefusedTransactionLeavesTheRulesetAndItsVerdicts(Lab lab) {
        Host node = lab.node();
        ToolRunner real = NftScratch.tools(node.ns());
        ToolRunner refusing = (command, stdin) -> real.run(command, command.contains("-f")
                ? stdin + "add rule inet hostwall no-such-chain accept\n" : stdin);
        Dataplane dataplane = NftScratch.dataplane(real);
        Dataplane failing = NftScratch.dataplane(refusing);

        PolicySet tutorial = Manifests.files(DIR + "01-pre-dnat-policies.yaml",
                DIR + "02-allow-outbound-external.yaml", DIR + "03-host-endpoint.yaml");
        DesiredState protectedNode = dataplane.desired(Firewall.compile(lab, node, "node1", tutorial).ruleset());
        DesiredState open = dataplane.desired(Firewall.compile(lab, node, "node1", PolicySet.empty()).ruleset());
        dataplane.apply(Delta.replaceAll(protectedNode));
        String before = node.ns().ok("nft", "-a", "list", "table", "inet", "hostwall");
        String kubeProxy = RulesetApplier.kubeProxyTables(node.ns());
        tutorialVerdicts(lab);

        Delta opening = Delta.between(protectedNode, open);
        assertTrue(opening.ops().size() > 1, opening.toString());
        DataplaneException e = assertThrows(DataplaneException.class, () -> failing.apply(opening));
        assertTrue(e.getMessage().contains("no-such-chain"), e.getMessage());
        assertEquals(before, node.ns().ok("nft", "-a", "list", "table", "inet", "hostwall"));
        assertEquals(kubeProxy, RulesetApplier.kubeProxyTables(node.ns()));
        tutorialVerdicts(lab);

        dataplane.apply(opening);
        new Expect(lab).open(Probe.tcp(lab.external(), node.v4(), 80), "node").check();
        assertEquals(kubeProxy, RulesetApplier.kubeProxyTables(node.ns()));
    }

    /** Manifests 1-3: the cluster reaches port 80, the outside does not, except failsafe ports. */
    private static void tutorialVerdicts(Lab lab) {
        Host node = lab.node();
        new Expect(lab)
                .open(Probe.tcp(lab.peer(), node.v4(), 80), "node")
                .blocked(Probe.tcp(lab.external(), node.v4(), 80))
                .blocked(Probe.udp(lab.external(), node.v4(), 53))
                .open(Probe.tcp(lab.external(), node.v4(), 22), "node")
                .check();
    }
}
