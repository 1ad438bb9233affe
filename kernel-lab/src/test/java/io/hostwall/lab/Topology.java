package io.hostwall.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Builds {@link Lab}'s namespaces, links, addresses, routes, kube-proxy NAT and agents (see Lab's picture). */
final class Topology {
    /** Calico gives every workload veth this MAC on the host side. */
    private static final String CALI_MAC = "ee:ee:ee:ee:ee:ee";

    /** One host on the lan segment. */
    private record Seg(String role, String v4, int v4len, String v6, String mac) {}

    private static final Seg NODE = new Seg("node", "10.240.0.11", 16, "fd00:240::11", "02:48:57:00:00:11");
    private static final Seg NODE2 = new Seg("node2", "10.240.0.12", 16, "fd00:240::12", "02:48:57:00:00:12");
    private static final Seg PEER = new Seg("peer", "10.240.0.21", 16, "fd00:240::21", "02:48:57:00:00:21");
    private static final Seg EXTERNAL = new Seg("external", "203.0.113.50", 24, "fd50:203::50", "02:48:57:00:00:50");
    private static final List<Seg> SEGMENT = List.of(NODE, NODE2, PEER, EXTERNAL);

    private final Lab lab;

    Topology(Lab lab) {
        this.lab = lab;
    }

    void build() {
        Namespace lan = lab.namespace("lan");
        Namespace node = lab.namespace("node");
        Namespace node2 = lab.namespace("node2");
        Namespace pod = lab.namespace("pod");
        Namespace pod2 = lab.namespace("pod2");
        Namespace peer = lab.namespace("peer");
        Namespace external = lab.namespace("ext");
        for (Namespace ns : List.of(lan, node, node2, pod, pod2, peer, external)) {
            // Addresses usable at once: duplicate address detection would leave IPv6 "tentative" for a second.
            ns.sysctl("net.ipv6.conf.all.accept_dad", "0");
            ns.sysctl("net.ipv6.conf.default.accept_dad", "0");
            // Probes pin source ports, and both backends replay the same flows within seconds: let a pinned
            // connect reuse a tuple still in TIME_WAIT (IPv4 and IPv6 alike) instead of failing to bind.
            ns.sysctl("net.ipv4.tcp_tw_reuse", "1");
        }
        for (Namespace n : List.of(node, node2)) {
            n.sysctl("net.ipv4.ip_forward", "1");
            n.sysctl("net.ipv6.conf.all.forwarding", "1");
            // The external client's replies route back out eth0 even though it is not in eth0's subnet.
            n.sysctl("net.ipv4.conf.all.rp_filter", "0");
            n.sysctl("net.ipv4.conf.default.rp_filter", "0");
        }
        batch(lan, "link add br0 type bridge", "link set br0 up");

        segmentHost(lan, node, NODE);
        segmentHost(lan, node2, NODE2);
        segmentHost(lan, peer, PEER);
        segmentHost(lan, external, EXTERNAL);
        workload(node, NODE, pod, "192.168.77.5", "fd00:77::5", "02:48:57:00:77:05");
        workload(node2, NODE2, pod2, "192.168.78.5", "fd00:78::5", "02:48:57:00:78:05");

        // Nodes: the outside world's TEST-NET prefix is on-link on eth0 (a flat segment stands in for a router).
        for (Namespace n : List.of(node, node2)) {
            batch(n, "route add 203.0.113.0/24 dev eth0", "route add fd50:203::/64 dev eth0");
        }
        batch(peer, "route add 192.168.77.0/24 via 10.240.0.11", "route add 192.168.78.0/24 via 10.240.0.12",
                "route add fd00:77::/64 via fd00:240::11", "route add fd00:78::/64 via fd00:240::12",
                "route add 203.0.113.0/24 dev eth0", "route add fd50:203::/64 dev eth0");
        batch(external, "route add 10.240.0.0/16 dev eth0", "route add fd00:240::/64 dev eth0",
                "route add 192.168.77.0/24 via 10.240.0.11", "route add 192.168.78.0/24 via 10.240.0.12",
                "route add fd00:77::/64 via fd00:240::11", "route add fd00:78::/64 via fd00:240::12");

        kubeProxy(node, "192.168.77.5", "fd00:77::5");
        kubeProxy(node2, "192.168.78.5", "fd00:78::5");

        // Agents start in parallel: each is a JVM, and JVM start-up dominates the lab's set-up time.
        record Spec(String role, Namespace ns, String v4, String v6) {}
        List<Spec> specs = List.of(new Spec("node", node, NODE.v4, NODE.v6), new Spec("node2", node2, NODE2.v4,
                NODE2.v6), new Spec("pod", pod, "192.168.77.5", "fd00:77::5"), new Spec("pod2", pod2, "192.168.78.5",
                "fd00:78::5"), new Spec("peer", peer, PEER.v4, PEER.v6), new Spec("external", external,
                EXTERNAL.v4, EXTERNAL.v6));
        List<CompletableFuture<Host>> starting = new ArrayList<>();
        for (Spec s : specs) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                ProbeClient agent = ProbeClient.start(s.ns, s.role);
                lab.register(agent);
                Lab.TCP_PORTS.forEach(p -> agent.listen("tcp", p));
                Lab.UDP_PORTS.forEach(p -> agent.listen("udp", p));
                return new Host(s.role, s.ns, Lab.ip(s.v4), Lab.ip(s.v6), agent);
            }, r -> new Thread(r, "lab-start-" + s.role).start()));
        }
        List<Host> h = starting.stream().map(CompletableFuture::join).toList();
        lab.hosts(lan, h.get(0), h.get(1), h.get(2), h.get(3), h.get(4), h.get(5));
    }

    /** Plugs {@code ns}'s eth0 into the lan bridge; static neighbours for every other segment host. */
    private void segmentHost(Namespace lan, Namespace ns, Seg me) {
        String port = "v-" + me.role;
        batch(ns, "link add eth0 address " + me.mac + " type veth peer name " + port + " netns " + lan.name);
        batch(lan, "link set " + port + " master br0", "link set " + port + " up");
        List<String> cmds = new ArrayList<>(List.of(
                "addr add " + me.v4 + "/" + me.v4len + " dev eth0",
                "addr add " + me.v6 + "/64 dev eth0 nodad",
                "link set eth0 up"));
        for (Seg other : SEGMENT) {
            if (other != me) {
                cmds.add("neigh replace " + other.v4 + " lladdr " + other.mac + " dev eth0 nud permanent");
                cmds.add("neigh replace " + other.v6 + " lladdr " + other.mac + " dev eth0 nud permanent");
            }
        }
        batch(ns, cmds.toArray(String[]::new));
    }

    /** A pod behind a cali veth, wired the way Calico wires it (/32 + link-local gateway). */
    private void workload(Namespace node, Seg nodeSeg, Namespace pod, String v4, String v6, String podMac) {
        String cali = lab.workloadInterface();
        batch(node, "link add " + cali + " address " + CALI_MAC + " type veth peer name eth0 address " + podMac
                + " netns " + pod.name);
        batch(node,
                "addr add 169.254.1.1/32 dev " + cali + " scope link",
                "addr add fe80::1/64 dev " + cali + " nodad",
                "link set " + cali + " up",
                "route add " + v4 + "/32 dev " + cali + " src " + nodeSeg.v4,
                "route add " + v6 + "/128 dev " + cali + " src " + nodeSeg.v6,
                "neigh replace " + v4 + " lladdr " + podMac + " dev " + cali + " nud permanent",
                "neigh replace " + v6 + " lladdr " + podMac + " dev " + cali + " nud permanent");
        batch(pod,
                "addr add " + v4 + "/32 dev eth0",
                "addr add " + v6 + "/128 dev eth0 nodad",
                "link set eth0 up",
                "route add 169.254.1.1/32 dev eth0 scope link",
                "route add 10.240.0.0/16 via 169.254.1.1 dev eth0",
                "route add 192.168.0.0/16 via 169.254.1.1 dev eth0",
                "route add 203.0.113.0/24 via 169.254.1.1 dev eth0",
                "route add fd00::/8 via fe80::1 dev eth0",
                "neigh replace 169.254.1.1 lladdr " + CALI_MAC + " dev eth0 nud permanent",
                "neigh replace fe80::1 lladdr " + CALI_MAC + " dev eth0 nud permanent");
    }

    /** kube-proxy's NodePort DNAT, in tables of its own as kube-proxy's nftables mode keeps them. */
    static String kubeProxyScript(String podV4, String podV6) {
        StringBuilder b = new StringBuilder();
        for (String fam : List.of("ip", "ip6")) {
            String pod = fam.equals("ip") ? podV4 : "[" + podV6 + "]";
            b.append("table ").append(fam).append(" kubeproxy {\n");
            for (String hook : List.of("prerouting", "output")) {
                // -100 is "dstnat"; nft 1.0.6 only accepts the keyword on prerouting.
                b.append("  chain ").append(hook).append(" {\n    type nat hook ").append(hook)
                        .append(" priority -100; policy accept;\n")
                        .append("    fib daddr type local tcp dport ").append(Lab.NODEPORT_TCP)
                        .append(" dnat to ").append(pod).append(':').append(Lab.POD_TCP).append('\n')
                        .append("    fib daddr type local udp dport ").append(Lab.NODEPORT_UDP)
                        .append(" dnat to ").append(pod).append(':').append(Lab.POD_UDP).append('\n')
                        .append("  }\n");
            }
            b.append("}\n");
        }
        return b.toString();
    }

    private static void kubeProxy(Namespace node, String podV4, String podV6) {
        node.pipe(kubeProxyScript(podV4, podV6), "nft", "-f", "-").orThrow();
    }

    private static void batch(Namespace ns, String... commands) {
        Cmd.run(List.of("ip", "-n", ns.name, "-batch", "-"), String.join("\n", commands) + "\n").orThrow();
    }
}
