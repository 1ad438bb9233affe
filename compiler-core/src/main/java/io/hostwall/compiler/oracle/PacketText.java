package io.hostwall.compiler.oracle;

import com.google.common.net.InetAddresses;
import io.hostwall.compiler.eval.Packet;

/** One-line description of a {@link Packet}, shared by the oracle's and the explainer's text. */
public final class PacketText {
    private PacketText() {}

    /** E.g. {@code tcp 203.0.113.7:40000 -> 10.240.0.11:31852 in eth0, new, dnat 192.168.1.5:8080}. */
    public static String describe(Packet p) {
        StringBuilder sb = new StringBuilder();
        sb.append(protocolName(p.protocol())).append(' ');
        sb.append(endpoint(p.source(), p.sourcePort())).append(" -> ")
                .append(endpoint(p.destination(), p.destinationPort()));
        if (p.icmpType().isPresent()) {
            sb.append(" type ").append(p.icmpType().getAsInt());
            p.icmpCode().ifPresent(c -> sb.append(" code ").append(c));
        }
        p.inInterface().ifPresent(i -> sb.append(" in ").append(i));
        p.outInterface().ifPresent(o -> sb.append(" out ").append(o));
        sb.append(", ").append(p.state().name().toLowerCase(java.util.Locale.ROOT));
        p.dnat().ifPresent(d -> sb.append(", dnat ").append(endpoint(d.address(), d.port())));
        return sb.toString();
    }

    /** {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, {@code sctp} or the number. */
    public static String protocolName(int protocol) {
        return switch (protocol) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            case 132 -> "sctp";
            default -> "proto " + protocol;
        };
    }

    private static String endpoint(java.net.InetAddress address, java.util.OptionalInt port) {
        String a = InetAddresses.toAddrString(address);
        if (port.isEmpty()) {
            return a;
        }
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port.getAsInt();
    }
}
