package io.hostwall.lab;

import io.hostwall.compiler.eval.Packet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every flow the lab can realise through node1, as {@link Flow}s: clients peer and external (both families), the
 * node's host processes, the pod, kube-proxy's NodePort. Only ports some lab server listens on are used, so a flow
 * that gets through is answered (OPEN/REPLY) and one that does not times out: the kernel's verdict is readable.
 *
 * <p>Client source ports are fixed (the oracle needs them): {@link #SOURCE_PORTS}, none of which a lab server
 * listens on, so the client can bind them. Callers keep (client, protocol, source port) unique within one batch.
 */
final class LabFlows {
    /**
     * Source ports the probes may use: inside and outside the generator's port ranges (1:1024, 8000:8100,
     * 30000:32767, 40000:40010), never a port a lab server listens on.
     */
    static final List<Integer> SOURCE_PORTS = List.of(999, 1234, 8000, 8050, 9000, 31000, 40000, 40005, 50000, 60000);

    private LabFlows() {}

    /** The whole universe, in a stable order (so a seed picks the same flows every run). */
    static List<Flow> all(Lab lab, int sport) {
        List<Flow> flows = new ArrayList<>();
        String eth0 = Lab.ETH0;
        String cali = lab.workloadInterface();
        Optional<String> none = Optional.empty();
        Optional<Packet.Dnat> noDnat = Optional.empty();
        for (boolean v6 : List.of(false, true)) {
            InetAddress node = lab.node().addr(v6);
            InetAddress pod = lab.pod().addr(v6);
            for (Host client : List.of(lab.peer(), lab.external())) {
                InetAddress c = client.addr(v6);
                for (Probe p : probes(client, node, Lab.TCP_PORTS, Lab.UDP_PORTS, sport)) {
                    flows.add(Flow.of(Flow.Path.TO_HOST, p, c, sport, node, Optional.of(eth0), none, noDnat));
                }
                for (Probe p : probes(lab.node(), c, Lab.TCP_PORTS, Lab.UDP_PORTS, sport)) {
                    flows.add(Flow.of(Flow.Path.FROM_HOST, p, node, sport, c, none, Optional.of(eth0), noDnat));
                }
                for (Probe p : probes(client, pod, Lab.TCP_PORTS, Lab.UDP_PORTS, sport)) {
                    flows.add(Flow.of(Flow.Path.FORWARD_TO_POD, p, c, sport, pod, Optional.of(eth0),
                            Optional.of(cali), noDnat));
                }
                for (Probe p : probes(lab.pod(), c, Lab.TCP_PORTS, Lab.UDP_PORTS, sport)) {
                    flows.add(Flow.of(Flow.Path.FORWARD_FROM_POD, p, pod, sport, c, Optional.of(cali),
                            Optional.of(eth0), noDnat));
                }
                flows.add(Flow.of(Flow.Path.NODEPORT, Probe.tcp(client, node, Lab.NODEPORT_TCP).fromPort(sport), c,
                        sport, node, Optional.of(eth0), Optional.of(cali),
                        Optional.of(new Packet.Dnat(pod, OptionalInt.of(Lab.POD_TCP)))));
                flows.add(Flow.of(Flow.Path.NODEPORT, Probe.udp(client, node, Lab.NODEPORT_UDP).fromPort(sport), c,
                        sport, node, Optional.of(eth0), Optional.of(cali),
                        Optional.of(new Packet.Dnat(pod, OptionalInt.of(Lab.POD_UDP)))));
            }
            for (Probe p : probes(lab.node(), pod, List.of(Lab.POD_TCP), List.of(Lab.POD_UDP), sport)) {
                flows.add(Flow.of(Flow.Path.HOST_TO_POD, p, node, sport, pod, none, Optional.of(cali), noDnat));
            }
            for (Probe p : probes(lab.pod(), node, List.of(80), List.of(53), sport)) {
                flows.add(Flow.of(Flow.Path.POD_TO_HOST, p, pod, sport, node, Optional.of(cali), none, noDnat));
            }
        }
        return flows;
    }

    private static List<Probe> probes(Host from, InetAddress to, List<Integer> tcp, List<Integer> udp, int sport) {
        List<Probe> out = new ArrayList<>();
        tcp.forEach(port -> out.add(Probe.tcp(from, to, port).fromPort(sport)));
        udp.forEach(port -> out.add(Probe.udp(from, to, port).fromPort(sport)));
        out.add(Probe.ping(from, to));
        return out;
    }
}
