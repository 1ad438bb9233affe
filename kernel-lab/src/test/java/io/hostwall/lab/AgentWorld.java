package io.hostwall.lab;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.agent.Batch;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * node1's cluster as a node agent sees it in the agent-level kernel proofs: a host endpoint, a network set and a few
 * policies, as YAML documents by name, and one random change at a time (a policy's ports or sources, a policy added
 * or deleted, the set's members, the endpoint's labels). Also the probe flows those proofs send and the dataplane of
 * a lab namespace.
 */
record AgentWorld(TreeMap<String, String> documents) {
    /** The port of the connection held open across every change (see {@link HeldConnection}). */
    static final int HELD_PORT = 7000;
    private static final List<Integer> WEB_PORTS = List.of(80, 443, 8080);
    private static final List<String> CLIENT_NETS = List.of("10.240.0.21/32", "\"fd00:240::21/128\"",
            "203.0.113.50/32", "\"fd50:203::50/128\"", "10.240.0.99/32");
    private static final List<String> SSH_NETS = List.of("10.240.0.0/16", "203.0.113.0/24", "\"fd00:240::/64\"",
            "\"fd50::/16\"");

    /** Everything present: the set has the peer, web allows 80 and 443, ssh from the cluster, dns open. */
    static AgentWorld initial() {
        TreeMap<String, String> d = new TreeMap<>();
        d.put("hep", hep(true));
        d.put("keep-held", M.gnp("keep-held", """
                order: 1
                ingress:
                - {action: Allow, protocol: TCP, source: {nets: [10.240.0.21/32]}, destination: {ports: [%d]}}
                - {action: Allow, protocol: TCP, source: {nets: ["fd00:240::21/128"]}, destination: {ports: [%d]}}
                egress: [{action: Allow}]
                """.formatted(HELD_PORT, HELD_PORT)));
        d.put("set", set(List.of(CLIENT_NETS.get(0), CLIENT_NETS.get(1), CLIENT_NETS.get(4))));
        d.put("web", web(List.of(80, 443)));
        d.put("ssh", ssh(List.of(SSH_NETS.get(0), SSH_NETS.get(2))));
        d.put("dns", dns());
        return new AgentWorld(d);
    }

    private static String hep(boolean web) {
        return """
                apiVersion: projectcalico.org/v3
                kind: HostEndpoint
                metadata:
                  name: node1-eth0
                  labels: {role: node%s}
                spec:
                  node: node1
                  interfaceName: eth0
                  expectedIPs: [10.240.0.11, "fd00:240::11"]
                """.formatted(web ? ", web: \"on\"" : "");
    }

    private static String set(List<String> nets) {
        return """
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkSet
                metadata:
                  name: clients
                  labels: {trusted: "yes"}
                spec:
                  nets: [%s]
                """.formatted(String.join(", ", nets));
    }

    private static String web(List<Integer> ports) {
        return "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: web}\nspec:\n"
                + "  order: 10\n  selector: role == 'node' && web == 'on'\n"
                + "  ingress: [{action: Allow, protocol: TCP, source: {selector: trusted == 'yes'},"
                + " destination: {ports: "
                + ports + "}}]\n";
    }

    /** Allows ssh from {@code nets}: one rule per family, as a rule's nets must be of one family. */
    private static String ssh(List<String> nets) {
        StringBuilder spec = new StringBuilder("order: 20\ningress:\n");
        for (boolean v6 : List.of(false, true)) {
            List<String> family = nets.stream().filter(n -> n.contains(":") == v6).toList();
            if (!family.isEmpty()) {
                spec.append("- {action: Allow, protocol: TCP, source: {nets: [").append(String.join(", ", family))
                        .append("]}, destination: {ports: [22]}}\n");
            }
        }
        return M.gnp("ssh", spec.toString());
    }

    private static String dns() {
        return M.gnp("dns", "order: 30\ningress: [{action: Allow, protocol: UDP, destination: {ports: [53]}}]\n");
    }

    /** The manifests as the agent gets them. */
    PolicySet policySet() {
        return Manifests.yaml(M.join(documents.values().toArray(String[]::new)));
    }

    /**
     * What a watcher of the cluster would tell the agent to get from this world to {@code next}: the resources that
     * are new or differ, and the ones that are gone.
     */
    Batch changesTo(AgentWorld next) {
        Map<ResourceRef, Resource> mine = new LinkedHashMap<>();
        policySet().all().forEach(r -> mine.put(r.ref(), r));
        List<Resource> upserts = new ArrayList<>();
        Set<ResourceRef> theirs = new HashSet<>();
        for (Resource r : next.policySet().all()) {
            theirs.add(r.ref());
            if (!r.equals(mine.get(r.ref()))) {
                upserts.add(r);
            }
        }
        List<ResourceRef> deletes = mine.keySet().stream().filter(ref -> !theirs.contains(ref)).toList();
        return new Batch(ImmutableList.copyOf(upserts), ImmutableList.copyOf(deletes));
    }

    /** One random change of one resource; never the held connection's policy, always something different. */
    AgentWorld mutate(Random r) {
        while (true) {
            TreeMap<String, String> d = new TreeMap<>(documents);
            switch (r.nextInt(6)) {
                case 0 -> d.put("web", web(subset(r, WEB_PORTS)));
                case 1 -> d.put("set", set(subset(r, CLIENT_NETS)));
                case 2 -> {
                    if (d.containsKey("ssh") && r.nextBoolean()) {
                        d.remove("ssh");
                    } else {
                        d.put("ssh", ssh(subset(r, SSH_NETS)));
                    }
                }
                case 3 -> d.put("hep", hep(!d.get("hep").contains("web:")));
                case 4 -> {
                    if (d.containsKey("dns")) {
                        d.remove("dns");
                    } else {
                        d.put("dns", dns());
                    }
                }
                default -> {
                    if (d.containsKey("web")) {
                        d.remove("web");
                    } else {
                        d.put("web", web(subset(r, WEB_PORTS)));
                    }
                }
            }
            if (!d.equals(documents)) {
                return new AgentWorld(d);
            }
        }
    }

    /** A non-empty random subset, in list order. */
    private static <T> List<T> subset(Random r, List<T> all) {
        List<T> out = new ArrayList<>();
        while (out.isEmpty()) {
            for (T t : all) {
                if (r.nextBoolean()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** The oracle's expectation of each flow in this world. */
    Map<Flow, OracleExpectation> expectations(Lab lab, List<Flow> flows) {
        PolicyOracle oracle = PolicyOracle.of(policySet(), "node1", Firewall.options(),
                Firewall.facts(lab, lab.node()));
        Map<Flow, OracleExpectation> out = new LinkedHashMap<>();
        flows.forEach(f -> out.put(f, OracleExpectation.of(oracle, f)));
        return out;
    }

    /**
     * Peer and external to node1's host processes, both families: TCP to every port the policies talk about and UDP
     * to DNS. Each flow has its own source port per client and protocol, so any of them may run concurrently.
     */
    static List<Flow> flows(Lab lab) {
        List<Flow> flows = new ArrayList<>();
        for (Host client : List.of(lab.peer(), lab.external())) {
            int tcp = 0;
            int udp = 0;
            for (boolean v6 : List.of(false, true)) {
                InetAddress c = client.addr(v6);
                InetAddress node = lab.node().addr(v6);
                for (int port : List.of(22, 80, 443, 5000, 8080)) {
                    int sport = LabFlows.SOURCE_PORTS.get(tcp++);
                    flows.add(Flow.of(Flow.Path.TO_HOST, Probe.tcp(client, node, port).fromPort(sport), c, sport, node,
                            Optional.of(Lab.ETH0), Optional.empty(), Optional.empty()));
                }
                int sport = LabFlows.SOURCE_PORTS.get(udp++);
                flows.add(Flow.of(Flow.Path.TO_HOST, Probe.udp(client, node, 53).fromPort(sport), c, sport, node,
                        Optional.of(Lab.ETH0), Optional.empty(), Optional.empty()));
            }
        }
        return flows;
    }

    /** The tools of a lab namespace, as a dataplane uses them: every command under {@code ip netns exec}. */
    static ToolRunner tools(Namespace ns) {
        ToolRunner system = ToolRunner.system();
        return (command, stdin) -> {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name));
            cmd.addAll(command);
            return system.run(cmd, stdin);
        };
    }

    /** The backend's live dataplane in {@code ns}, with the default table. */
    static Dataplane dataplane(KernelBackend backend, Namespace ns) {
        return Backends.named(backend.toString()).orElseThrow().dataplane(RenderOptions.defaults(), tools(ns))
                .orElseThrow(() -> new AssertionError(backend + " has no dataplane"));
    }

    /** Wrong answers, one line each, for the failure message. */
    static List<String> disagreements(Lab lab, List<Flow> flows, Map<Flow, OracleExpectation> expected,
            List<Outcome> outcomes, String when) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            OracleExpectation e = expected.get(f);
            if (!e.agrees(outcomes.get(i), f.answerer(lab))) {
                wrong.add(when + ": " + f.probe() + " expected " + e.kind() + ", kernel said " + outcomes.get(i));
            }
        }
        return wrong;
    }
}
