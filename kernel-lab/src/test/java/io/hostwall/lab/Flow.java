package io.hostwall.lab;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.oracle.PacketText;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One probe the lab can send, with the two packets node1 sees for it: the request (state NEW) and the answer
 * (state ESTABLISHED, as conntrack would classify it for a tracked request). The interfaces and addresses are the
 * ones the node's netfilter hooks see: a NodePort request carries its DNAT; its answer leaves the pod before
 * conntrack undoes the DNAT, so in FORWARD it still has the pod's address.
 */
record Flow(Path path, Probe probe, Packet request, Packet reply) {

    /** Where the flow crosses node1. */
    enum Path {
        /** peer/external → a host process on the node (in eth0). */
        TO_HOST,
        /** a host process → peer/external (out eth0). */
        FROM_HOST,
        /** peer/external → the pod, routed by the node (in eth0, out cali). */
        FORWARD_TO_POD,
        /** the pod → peer/external (in cali, out eth0). */
        FORWARD_FROM_POD,
        /** peer/external → the NodePort, DNAT'd to the pod (in eth0, out cali). */
        NODEPORT,
        /** a host process → the pod (out cali). */
        HOST_TO_POD,
        /** the pod → a host process (in cali). */
        POD_TO_HOST
    }

    boolean tcp() {
        return probe.proto() == Probe.Proto.TCP;
    }

    boolean udp() {
        return probe.proto() == Probe.Proto.UDP;
    }

    /** Who answers when it gets through. */
    String answerer(Lab lab) {
        return switch (path) {
            case TO_HOST -> "node";
            case FROM_HOST, FORWARD_FROM_POD -> probe.to().equals(lab.peer().v4()) || probe.to().equals(lab.peer().v6())
                    ? "peer" : "external";
            case FORWARD_TO_POD, NODEPORT, HOST_TO_POD -> "pod";
            case POD_TO_HOST -> "node";
        };
    }

    @Override
    public String toString() {
        return path + " " + probe + "\n      request: " + PacketText.describe(request) + "\n      reply:   "
                + PacketText.describe(reply);
    }

    /** Builds the request/reply pair for a probe from {@code src} to {@code dst} (the pre-DNAT destination). */
    static Flow of(Path path, Probe probe, InetAddress src, int sport, InetAddress dst, Optional<String> in,
            Optional<String> out, Optional<Packet.Dnat> dnat) {
        IpFamily fam = IpFamily.of(src);
        int proto = switch (probe.proto()) {
            case TCP -> 6;
            case UDP -> 17;
            case ICMP -> fam == IpFamily.V4 ? 1 : 58;
        };
        boolean icmp = probe.proto() == Probe.Proto.ICMP;
        OptionalInt sp = icmp ? OptionalInt.empty() : OptionalInt.of(sport);
        OptionalInt dp = icmp ? OptionalInt.empty() : OptionalInt.of(probe.port());
        OptionalInt echo = icmp ? OptionalInt.of(fam == IpFamily.V4 ? 8 : 128) : OptionalInt.empty();
        OptionalInt echoReply = icmp ? OptionalInt.of(fam == IpFamily.V4 ? 0 : 129) : OptionalInt.empty();
        OptionalInt code = icmp ? OptionalInt.of(0) : OptionalInt.empty();
        Packet request = new Packet(fam, src, dst, proto, sp, dp, echo, code, in, out, dnat, Packet.ConnState.NEW);
        InetAddress replySrc = dnat.map(Packet.Dnat::address).orElse(dst);
        OptionalInt replySport = dnat.isPresent() && dnat.get().port().isPresent() ? dnat.get().port() : dp;
        Packet reply = new Packet(fam, replySrc, src, proto, replySport, sp, echoReply, code, out, in,
                Optional.empty(), Packet.ConnState.ESTABLISHED);
        return new Flow(path, probe, request, reply);
    }
}
