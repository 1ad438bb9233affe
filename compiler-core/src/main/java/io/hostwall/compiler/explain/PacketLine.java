package io.hostwall.compiler.explain;

import com.google.common.net.InetAddresses;
import io.hostwall.compiler.eval.Packet;

/** A packet on one line: {@code tcp 203.0.113.7:40000 -> 10.240.0.11:31852 in eth0 (new)}. */
final class PacketLine {
    private PacketLine() {}

    static String of(Packet p) {
        StringBuilder b = new StringBuilder(protocol(p.protocol())).append(' ')
                .append(InetAddresses.toAddrString(p.source()));
        p.sourcePort().ifPresent(x -> b.append(':').append(x));
        b.append(" -> ").append(InetAddresses.toAddrString(p.destination()));
        p.destinationPort().ifPresent(x -> b.append(':').append(x));
        p.icmpType().ifPresent(t -> b.append(" type ").append(t));
        p.icmpCode().ifPresent(c -> b.append(" code ").append(c));
        p.inInterface().ifPresent(i -> b.append(" in ").append(i));
        p.outInterface().ifPresent(o -> b.append(" out ").append(o));
        p.dnat().ifPresent(d -> {
            b.append(" dnat ").append(InetAddresses.toAddrString(d.address()));
            d.port().ifPresent(x -> b.append(':').append(x));
        });
        return b.append(p.state() == Packet.ConnState.NEW ? " (new)" : " (established)").toString();
    }

    private static String protocol(int n) {
        return switch (n) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            case 132 -> "sctp";
            default -> "proto " + n;
        };
    }
}
