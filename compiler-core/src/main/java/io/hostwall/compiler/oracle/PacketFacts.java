package io.hostwall.compiler.oracle;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.OptionalInt;

/** A packet's header fields, converted once per evaluation into what rule matching reads. */
final class PacketFacts {
    final Packet packet;
    final IpFamily family;
    final int protocol;
    final InetAddress source;
    final byte[] sourceBytes;
    final InetAddress destination;
    final byte[] destinationBytes;
    final InetAddress natDestination;
    final byte[] natDestinationBytes;
    /** ICMP for IPv4 packets, ICMPv6 for IPv6 packets: what {@code icmp}/{@code notICMP} inspect. */
    final boolean icmpOfFamily;

    PacketFacts(Packet packet) {
        this.packet = packet;
        this.family = packet.family();
        this.protocol = packet.protocol();
        this.source = packet.source();
        this.sourceBytes = source.getAddress();
        this.destination = packet.destination();
        this.destinationBytes = destination.getAddress();
        this.natDestination = packet.destinationAfterDnat();
        this.natDestinationBytes = natDestination.getAddress();
        this.icmpOfFamily = family == IpFamily.V4 ? protocol == 1 : protocol == 58;
    }

    InetAddress destination(boolean afterDnat) {
        return afterDnat ? natDestination : destination;
    }

    byte[] destinationBytes(boolean afterDnat) {
        return afterDnat ? natDestinationBytes : destinationBytes;
    }

    OptionalInt destinationPort(boolean afterDnat) {
        return afterDnat ? packet.destinationPortAfterDnat() : packet.destinationPort();
    }

    OptionalInt sourcePort() {
        return packet.sourcePort();
    }
}
