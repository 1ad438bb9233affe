package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.agent.ApplyReport;
import io.hostwall.compiler.agent.NodeAgent;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObjectKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drift at agent level: a {@link NodeAgent} keeps node1's ruleset in the lab node's kernel, someone changes that
 * ruleset with the real tools, and one {@link NodeAgent#resyncNow()} puts it right. Each fault is first shown to
 * matter (some probe gets the wrong answer), then, after the resync, every probe gets the oracle's answer again and a
 * second resync finds nothing left to do. Faults: the table deleted, a policy chain flushed, a foreign accept rule
 * inserted at the top of hostwall's input chain, a hook rule deleted (iptables), the network set flushed.
 */
@ExtendWith(LabExtension.class)
class AgentDriftTest {

    @Test
    void nftablesDriftIsRepairedByOneResync(Lab lab) {
        Agent a = Agent.start(lab, KernelBackend.NFTABLES);
        try {
            DesiredState s = a.agent.snapshot().written();
            String table = io.hostwall.spi.RenderOptions.DEFAULT_TABLE;
            a.repairs("table deleted", "nft", "delete", "table", "inet", table);
            a.repairs("web policy chain flushed", "nft", "flush", "chain", "inet", table, webChain(s).name());
            a.repairs("foreign accept rule in the input chain", "nft", "insert", "rule", "inet", table,
                    chain(s, c -> c.header().contains("hook input")).name(), "accept");
            a.repairs("network set flushed", "nft", "flush", "set", "inet", table, clientSet(s).name());
        } finally {
            a.agent.close(true);
        }
    }

    @Test
    void iptablesDriftIsRepairedByOneResync(Lab lab) {
        Agent a = Agent.start(lab, KernelBackend.IPTABLES);
        try {
            DesiredState s = a.agent.snapshot().written();
            // iptables-nft keeps each iptables table in an nft table of the same name: deleting those is "every
            // chain and hook of hostwall gone" (the node's other nft tables, kube-proxy's, are not iptables').
            List<String> tables = new ArrayList<>();
            for (String line : lab.node().ns().ok("nft", "list", "tables").split("\n")) {
                String[] w = line.strip().split(" ");
                if (w.length == 3 && (w[1].equals("ip") || w[1].equals("ip6"))
                        && List.of("filter", "raw", "mangle", "nat", "security").contains(w[2])) {
                    tables.add("delete table " + w[1] + " " + w[2] + "\n");
                }
            }
            assertFalse(tables.isEmpty(), "iptables-nft tables in the node");
            a.repairsFed("iptables tables deleted", String.join("", tables), "nft", "-f", "-");
            ObjectId web = webChain(s);
            a.repairs("web policy chain flushed", tool(web), "-w", "-t", table(web), "-F", web.name());
            ObjectId hooks = ObjectId.hooks("ip filter", "INPUT");
            ObjectId input = ((DesiredObject.Hooks) s.objects().get(hooks)).uses().first();
            a.repairs("foreign accept rule in the input chain", "iptables", "-w", "-t", "filter", "-I", input.name(),
                    "1", "-j", "ACCEPT");
            a.repairs("INPUT hook rule deleted", "iptables", "-w", "-t", "filter", "-D", "INPUT",
                    Integer.toString(hookRuleNumber(lab, input.name())));
            a.repairs("network set flushed", "ipset", "flush", clientSet(s).name());
        } finally {
            a.agent.close(true);
        }
    }

    /** The agent on the lab node, started and with its fingerprints learned; the oracle's answers for its flows. */
    private record Agent(Lab lab, KernelBackend backend, NodeAgent agent, List<Flow> flows,
            Map<Flow, OracleExpectation> expected) {
        static Agent start(Lab lab, KernelBackend backend) {
            AgentWorld world = AgentWorld.initial();
            NodeAgent agent = NodeAgent.builder().node("node1").facts(Firewall.facts(lab, lab.node()))
                    .options(Firewall.options()).dataplane(AgentWorld.dataplane(backend, lab.node().ns()))
                    .minInterval(Duration.ofHours(1)).resyncInterval(Duration.ZERO).build();
            ApplyReport start = agent.start(world.policySet().all());
            assertTrue(start.applied(), start.summary());
            ApplyReport learn = agent.resyncNow();
            assertFalse(learn.applied() || learn.failed(), "the first resync only learns: " + learn.summary());
            List<Flow> flows = AgentWorld.flows(lab);
            Agent a = new Agent(lab, backend, agent, flows, world.expectations(lab, flows));
            assertEquals(List.of(), a.wrong("after start"));
            return a;
        }

        void repairs(String fault, String... command) {
            repairsFed(fault, "", command);
        }

        /** Injects the fault ({@code command} fed {@code stdin}), shows it with packets, resyncs once, checks. */
        void repairsFed(String fault, String stdin, String... command) {
            Namespace ns = lab.node().ns();
            String before = listing();
            ns.pipe(stdin, command).orThrow();
            assertNotEquals(List.of(), wrong(fault), fault + ": no probe noticed the fault, so it proves nothing");
            forgetUdpFlows();
            ApplyReport repair = agent.resyncNow();
            assertTrue(repair.applied(), fault + ": " + repair.summary());
            assertEquals(List.of(), wrong("after repairing " + fault));
            ApplyReport again = agent.resyncNow();
            assertFalse(again.applied() || again.failed(), fault + ", second resync: " + again.summary());
            assertEquals(before, listing(), fault + ": the repaired ruleset");
            System.out.printf("[agent-drift] %s: %s%n", fault, repair.summary());
        }

        /** Hostwall's part of the kernel, without what a repair may renumber (handles), reset or reorder. */
        private String listing() {
            Namespace ns = lab.node().ns();
            return backend == KernelBackend.NFTABLES
                    ? byName(ns.ok("nft", "list", "table", "inet", io.hostwall.spi.RenderOptions.DEFAULT_TABLE)
                            .replaceAll("counter packets \\d+ bytes \\d+", "counter"))
                    : DataplaneNamespaces.normalised(ns);
        }

        /** The table's chains and sets sorted by name: a repaired base chain is created anew, so it lists last. */
        private static String byName(String table) {
            java.util.SortedMap<String, String> blocks = new java.util.TreeMap<>();
            StringBuilder block = new StringBuilder();
            for (String line : table.split("\n")) {
                if (line.startsWith("\t")) {
                    block.append(line).append('\n');
                    if (line.equals("\t}")) {
                        blocks.put(block.toString().lines().findFirst().orElseThrow(), block.toString());
                        block.setLength(0);
                    }
                }
            }
            return String.join("\n", blocks.values());
        }

        private List<String> wrong(String when) {
            List<Outcome> outcomes = lab.probeAll(flows.stream().map(Flow::probe).toList());
            forgetUdpFlows();
            return AgentWorld.disagreements(lab, flows, expected, outcomes, when);
        }

        /** A UDP flow let through by a fault would otherwise pass later on its conntrack entry alone. */
        private void forgetUdpFlows() {
            lab.node().ns().exec("conntrack", "-D", "-p", "udp");
        }
    }

    /** The policy chain (no hook) that allows the web ports to the clients set. */
    private static ObjectId webChain(DesiredState s) {
        ObjectId clients = clientSet(s);
        return chain(s, c -> c.header().isEmpty() && c.uses().contains(clients));
    }

    private static ObjectId chain(DesiredState s, Predicate<DesiredObject.Chain> which) {
        return s.objects().values().stream().filter(o -> o instanceof DesiredObject.Chain c && which.test(c))
                .findFirst().orElseThrow(() -> new AssertionError("no such chain in " + s.objects().keySet())).id();
    }

    /** The set holding the peer's address (the network set "clients"). */
    private static ObjectId clientSet(DesiredState s) {
        return s.objects().values().stream().filter(o -> o.id().kind() == ObjectKind.SET
                && ((DesiredObject.Set) o).elements().stream().anyMatch(e -> e.startsWith("10.240.0.21")))
                .findFirst().orElseThrow(() -> new AssertionError("no set with the peer in " + s.objects().keySet()))
                .id();
    }

    private static String tool(ObjectId chain) {
        return chain.scope().startsWith("ip6 ") ? "ip6tables" : "iptables";
    }

    private static String table(ObjectId chain) {
        return chain.scope().split(" ")[1];
    }

    /** The 1-based number of the INPUT rule that jumps to {@code target}. */
    private static int hookRuleNumber(Lab lab, String target) {
        List<String> rules = lab.node().ns().ok("iptables", "-w", "-t", "filter", "-S", "INPUT").lines()
                .filter(l -> l.startsWith("-A ")).toList();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).endsWith("-j " + target)) {
                return i + 1;
            }
        }
        throw new AssertionError("no INPUT rule jumps to " + target + ": " + rules);
    }
}
