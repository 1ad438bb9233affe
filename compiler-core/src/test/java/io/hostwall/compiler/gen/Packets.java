package io.hostwall.compiler.gen;

import com.google.common.net.InetAddresses;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Packet.ConnState;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/** A fluent {@link Packet} builder for tests: {@code Packets.tcp("10.0.0.1", 40000, "10.0.0.2", 22).in("eth0").build()}. */
public final class Packets {
    private final int protocol;
    private final InetAddress source;
    private final InetAddress destination;
    private OptionalInt sourcePort = OptionalInt.empty();
    private OptionalInt destinationPort = OptionalInt.empty();
    private OptionalInt icmpType = OptionalInt.empty();
    private OptionalInt icmpCode = OptionalInt.empty();
    private Optional<String> in = Optional.empty();
    private Optional<String> out = Optional.empty();
    private Optional<Packet.Dnat> dnat = Optional.empty();
    private ConnState state = ConnState.NEW;

    private Packets(int protocol, String source, String destination) {
        this.protocol = protocol;
        this.source = InetAddresses.forString(source);
        this.destination = InetAddresses.forString(destination);
    }

    public static Packets tcp(String source, int sourcePort, String destination, int destinationPort) {
        return ports(6, source, sourcePort, destination, destinationPort);
    }

    public static Packets udp(String source, int sourcePort, String destination, int destinationPort) {
        return ports(17, source, sourcePort, destination, destinationPort);
    }

    public static Packets sctp(String source, int sourcePort, String destination, int destinationPort) {
        return ports(132, source, sourcePort, destination, destinationPort);
    }

    /** ICMP for IPv4 addresses, ICMPv6 for IPv6 ones. */
    public static Packets icmp(String source, String destination, int type, int code) {
        Packets p = new Packets(InetAddresses.forString(source).getAddress().length == 4 ? 1 : 58, source, destination);
        p.icmpType = OptionalInt.of(type);
        p.icmpCode = OptionalInt.of(code);
        return p;
    }

    /** Any other protocol (no ports). */
    public static Packets proto(int protocol, String source, String destination) {
        return new Packets(protocol, source, destination);
    }

    private static Packets ports(int protocol, String source, int sourcePort, String destination, int destinationPort) {
        Packets p = new Packets(protocol, source, destination);
        p.sourcePort = OptionalInt.of(sourcePort);
        p.destinationPort = OptionalInt.of(destinationPort);
        return p;
    }

    public Packets in(String iface) {
        in = Optional.of(iface);
        return this;
    }

    public Packets out(String iface) {
        out = Optional.of(iface);
        return this;
    }

    public Packets established() {
        state = ConnState.ESTABLISHED;
        return this;
    }

    public Packets invalid() {
        state = ConnState.INVALID;
        return this;
    }

    public Packets dnat(String address, int port) {
        dnat = Optional.of(new Packet.Dnat(InetAddresses.forString(address), OptionalInt.of(port)));
        return this;
    }

    public Packets dnat(String address) {
        dnat = Optional.of(new Packet.Dnat(InetAddresses.forString(address), OptionalInt.empty()));
        return this;
    }

    public Packet build() {
        return new Packet(IpFamily.of(source), source, destination, protocol, sourcePort, destinationPort, icmpType,
                icmpCode, in, out, dnat, state);
    }
}
