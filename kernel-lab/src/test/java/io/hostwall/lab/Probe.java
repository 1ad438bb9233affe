package io.hostwall.lab;

import java.net.InetAddress;
import java.util.OptionalInt;

/**
 * One connection attempt from a lab host to an address. {@code port} is ignored for ICMP; {@code sourcePort}
 * pins the client's port (for rules on source ports and for stateless reply rules).
 */
public record Probe(Host from, Proto proto, InetAddress to, int port, OptionalInt sourcePort) {

    public enum Proto {
        TCP,
        UDP,
        ICMP
    }

    public static Probe tcp(Host from, InetAddress to, int port) {
        return new Probe(from, Proto.TCP, to, port, OptionalInt.empty());
    }

    public static Probe udp(Host from, InetAddress to, int port) {
        return new Probe(from, Proto.UDP, to, port, OptionalInt.empty());
    }

    public static Probe ping(Host from, InetAddress to) {
        return new Probe(from, Proto.ICMP, to, 0, OptionalInt.empty());
    }

    public Probe fromPort(int sport) {
        return new Probe(from, proto, to, port, OptionalInt.of(sport));
    }

    /** The agent request, without id. */
    String request(int timeoutMs) {
        String addr = to.getHostAddress();
        String sport = sourcePort.isPresent() ? " " + sourcePort.getAsInt() : "";
        return switch (proto) {
            case TCP -> "connect tcp " + addr + " " + port + " " + timeoutMs + sport;
            case UDP -> "udp " + addr + " " + port + " " + timeoutMs + sport;
            case ICMP -> "ping " + addr + " " + timeoutMs;
        };
    }

    @Override
    public String toString() {
        String dst = to.getHostAddress();
        String sport = sourcePort.isPresent() ? ":" + sourcePort.getAsInt() : "";
        return from.role() + sport + " -> " + proto.name().toLowerCase(java.util.Locale.ROOT) + " "
                + (proto == Proto.ICMP ? dst : (dst.contains(":") ? "[" + dst + "]" : dst) + ":" + port);
    }
}
