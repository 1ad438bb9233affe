package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.spi.DocumentKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The harness proves itself before it proves anything else: with no ruleset every path the scenarios use carries
 * TCP, UDP and ICMP in both families (so a later "blocked" is the firewall's doing), and a hand-written drop rule
 * really turns an open probe into a timeout, through nft and through iptables-restore alike.
 */
@ExtendWith(LabExtension.class)
class LabSelfTest {

    @Test
    void withoutRulesetEveryPathCarriesTcpUdpAndIcmp(Lab lab) {
        Expect e = new Expect(lab);
        for (boolean v6 : List.of(false, true)) {
            for (Host client : List.of(lab.peer(), lab.external())) {
                // Into host processes on the node.
                e.open(Probe.tcp(client, lab.node().addr(v6), 22), "node");
                e.open(Probe.tcp(client, lab.node().addr(v6), 80), "node");
                e.reply(Probe.udp(client, lab.node().addr(v6), 53), "node");
                e.reply(Probe.ping(client, lab.node().addr(v6)), null);
                // Through kube-proxy's NodePort DNAT to the pod (the node has nothing on 31852/31853).
                e.open(Probe.tcp(client, lab.node().addr(v6), Lab.NODEPORT_TCP), "pod");
                e.reply(Probe.udp(client, lab.node().addr(v6), Lab.NODEPORT_UDP), "pod");
                e.open(Probe.tcp(client, lab.node2().addr(v6), Lab.NODEPORT_TCP), "pod2");
                // Forwarded straight to the pod, no DNAT.
                e.open(Probe.tcp(client, lab.pod().addr(v6), Lab.POD_TCP), "pod");
                e.reply(Probe.ping(client, lab.pod().addr(v6)), null);
                // Host processes out to the world, and the pod out through the node.
                e.open(Probe.tcp(lab.node(), client.addr(v6), 443), client.role());
                e.reply(Probe.udp(lab.node(), client.addr(v6), 53), client.role());
                e.reply(Probe.ping(lab.node(), client.addr(v6)), null);
                e.open(Probe.tcp(lab.pod(), client.addr(v6), 80), client.role());
            }
            // Host to its own pod, directly and through its own NodePort (nat output).
            e.open(Probe.tcp(lab.node(), lab.pod().addr(v6), Lab.POD_TCP), "pod");
            e.open(Probe.tcp(lab.node(), lab.node().addr(v6), Lab.NODEPORT_TCP), "pod");
            // A closed port answers with RST / port unreachable: that is "refused", not "timeout".
            e.expect(Probe.tcp(lab.peer(), lab.node().addr(v6), 9), Outcome.Kind.REFUSED, null);
            e.expect(Probe.udp(lab.peer(), lab.node().addr(v6), 9), Outcome.Kind.REFUSED, null);
        }
        e.check();
    }

    @Test
    void handWrittenNftDropBlocksExactlyWhatItNames(Lab lab) {
        RulesetApplier.applyNft(lab.node().ns(), """
                table inet labtest {
                  chain input {
                    type filter hook input priority filter; policy accept;
                    tcp dport 80 drop
                    udp dport 53 drop
                    icmp type echo-request drop
                    icmpv6 type echo-request drop
                  }
                  chain forward {
                    type filter hook forward priority filter; policy accept;
                    tcp dport 8080 drop
                  }
                }
                """).orThrow();
        assertDropsApplied(lab);
    }

    @Test
    void handWrittenIptablesDropBlocksAndLeavesKubeProxyAlone(Lab lab) {
        String kubeProxy = RulesetApplier.kubeProxyTables(lab.node().ns());
        String filter = """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -p tcp --dport 80 -j DROP
                -A INPUT -p udp --dport 53 -j DROP
                -A INPUT -p %s -j DROP
                -A FORWARD -p tcp --dport 8080 -j DROP
                COMMIT
                """;
        RulesetApplier.applyIptables(lab.node().ns(), Map.of(
                DocumentKind.IPTABLES, String.format(filter, "icmp --icmp-type echo-request"),
                DocumentKind.IP6TABLES, String.format(filter, "ipv6-icmp --icmpv6-type echo-request"))).orThrow();
        assertDropsApplied(lab);
        assertEquals(kubeProxy, RulesetApplier.kubeProxyTables(lab.node().ns()),
                "iptables-restore must not touch kube-proxy's nft tables");
    }

    @Test
    void resetRemovesOurTablesButNotKubeProxy(Lab lab) {
        RulesetApplier.applyNft(lab.node().ns(), """
                table inet labtest {
                  chain input { type filter hook input priority filter; policy drop; }
                }
                """).orThrow();
        assertTrue(lab.probe(Probe.tcp(lab.peer(), lab.node().v4(), 22)).blocked());
        lab.reset();
        String ruleset = RulesetApplier.nftListRuleset(lab.node().ns());
        assertFalse(ruleset.contains("labtest"), ruleset);
        assertTrue(ruleset.contains("table ip kubeproxy"), ruleset);
        assertEquals(Outcome.Kind.OPEN, lab.probe(Probe.tcp(lab.peer(), lab.node().v4(), 22)).kind());
        assertEquals("pod", lab.probe(Probe.tcp(lab.external(), lab.node().v4(), Lab.NODEPORT_TCP)).who().orElse(""));
    }

    private static void assertDropsApplied(Lab lab) {
        Expect e = new Expect(lab);
        for (boolean v6 : List.of(false, true)) {
            e.blocked(Probe.tcp(lab.peer(), lab.node().addr(v6), 80));
            e.blocked(Probe.udp(lab.peer(), lab.node().addr(v6), 53));
            e.blocked(Probe.ping(lab.external(), lab.node().addr(v6)));
            e.blocked(Probe.tcp(lab.external(), lab.pod().addr(v6), Lab.POD_TCP));
            // Forward sees the DNAT'd port: the NodePort to pod:8080 is dropped too.
            e.blocked(Probe.tcp(lab.external(), lab.node().addr(v6), Lab.NODEPORT_TCP));
            // Everything not named still passes.
            e.open(Probe.tcp(lab.peer(), lab.node().addr(v6), 22), "node");
            e.reply(Probe.udp(lab.peer(), lab.node().addr(v6), 68), "node");
            e.reply(Probe.ping(lab.external(), lab.pod().addr(v6)), null);
            e.reply(Probe.udp(lab.external(), lab.node().addr(v6), Lab.NODEPORT_UDP), "pod");
        }
        e.check();
    }
}
