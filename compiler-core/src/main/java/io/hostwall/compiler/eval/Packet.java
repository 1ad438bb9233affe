package io.hostwall.compiler.eval;

import com.google.common.net.InetAddresses;
import io.hostwall.model.Names;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One packet as the oracle and the interpreter see it. The interfaces say where it goes: only {@code in} = to a
 * host process, only {@code out} = from a host process, both = forwarded. {@code dnat}, when present, is the
 * destination a DNAT (e.g. kube-proxy's NodePort rule) rewrites it to after pre-DNAT policy and before the
 * filter stage (for host-originated traffic: in nat OUTPUT). {@code state} is the conntrack state the packet
 * would have if raw policy did not exempt it from tracking.
 *
 * <p>Build one with a named factory and its builder; the family follows from the addresses:
 *
 * <pre>{@code
 * Packet nodePort = Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 31852).in("eth0").build();
 * Packet reply = Packet.udp("10.240.0.11", 53, "10.0.0.2", 40000).out("eth0").established().build();
 * Packet ping = Packet.icmp("fd00::1", "fd00::2", 128).in("eth0").build();
 * }</pre>
 *
 * @param family the IP family of every address
 * @param source the source address
 * @param destination the destination address before any DNAT
 * @param protocol the IP protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6, ...)
 * @param sourcePort the source port, for protocols that have ports
 * @param destinationPort the destination port before any DNAT
 * @param icmpType the ICMP type, for ICMP and ICMPv6
 * @param icmpCode the ICMP code
 * @param inInterface the interface the packet arrives on
 * @param outInterface the interface the packet leaves by
 * @param dnat the destination a DNAT rewrites the packet to
 * @param state the conntrack state
 */
public record Packet(
        IpFamily family,
        InetAddress source,
        InetAddress destination,
        int protocol,
        OptionalInt sourcePort,
        OptionalInt destinationPort,
        OptionalInt icmpType,
        OptionalInt icmpCode,
        Optional<String> inInterface,
        Optional<String> outInterface,
        Optional<Dnat> dnat,
        ConnState state) {

    /**
     * Checks that the parts fit together.
     *
     * @throws IllegalArgumentException when an address is not of {@code family}, or no interface is given
     *
     * @param family the IP family of every address
     * @param source the source address
     * @param destination the destination address before any DNAT
     * @param protocol the IP protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6, ...)
     * @param sourcePort the source port, for protocols that have ports
     * @param destinationPort the destination port before any DNAT
     * @param icmpType the ICMP type, for ICMP and ICMPv6
     * @param icmpCode the ICMP code
     * @param inInterface the interface the packet arrives on
     * @param outInterface the interface the packet leaves by
     * @param dnat the destination a DNAT rewrites the packet to
     * @param state the conntrack state
     */
    public Packet {
        if (IpFamily.of(source) != family || IpFamily.of(destination) != family) {
            throw new IllegalArgumentException("addresses must be of family " + family);
        }
        if (inInterface.isEmpty() && outInterface.isEmpty()) {
            throw new IllegalArgumentException("a packet needs an input interface, an output interface or both");
        }
        dnat.ifPresent(d -> {
            if (IpFamily.of(d.address()) != family) {
                throw new IllegalArgumentException("DNAT address must be of family " + family);
            }
        });
    }

    /**
     * The destination after DNAT: the filter stage and DNAT'd host egress see this.
     *
     * @return the DNAT address, else the destination
     */
    public InetAddress destinationAfterDnat() {
        return dnat.map(Dnat::address).orElse(destination);
    }

    /**
     * The destination port after DNAT.
     *
     * @return the DNAT port when the DNAT has one, else the destination port
     */
    public OptionalInt destinationPortAfterDnat() {
        return dnat.isPresent() && dnat.get().port().isPresent() ? dnat.get().port() : destinationPort;
    }

    /**
     * Whether the packet crosses the host (both interfaces given).
     *
     * @return true when forwarded
     */
    public boolean isForwarded() {
        return inInterface.isPresent() && outInterface.isPresent();
    }

    /**
     * Whether the packet goes to a host process (only the input interface given).
     *
     * @return true when addressed to the host
     */
    public boolean isToHost() {
        return inInterface.isPresent() && outInterface.isEmpty();
    }

    /**
     * Whether a host process sends the packet (only the output interface given).
     *
     * @return true when sent by the host
     */
    public boolean isFromHost() {
        return inInterface.isEmpty() && outInterface.isPresent();
    }

    /**
     * A destination rewrite: address and, optionally, port.
     *
     * @param address the new destination address
     * @param port the new destination port, when the rewrite changes it
     */
    public record Dnat(InetAddress address, OptionalInt port) {}

    /**
     * A TCP packet from {@code source:sourcePort} to {@code destination:destinationPort}.
     *
     * @param source a literal IP address
     * @param sourcePort 0..65535
     * @param destination a literal IP address of the same family
     * @param destinationPort 0..65535
     * @return a builder; say where the packet goes with {@link Builder#in} and/or {@link Builder#out}
     * @throws IllegalArgumentException when an address is not a literal IP address, the families differ or a port
     *     is out of range
     */
    public static Builder tcp(String source, int sourcePort, String destination, int destinationPort) {
        return protocol(TCP, source, destination).ports(sourcePort, destinationPort);
    }

    /**
     * A UDP packet from {@code source:sourcePort} to {@code destination:destinationPort}.
     *
     * @param source a literal IP address
     * @param sourcePort 0..65535
     * @param destination a literal IP address of the same family
     * @param destinationPort 0..65535
     * @return a builder
     * @throws IllegalArgumentException when an address is not a literal IP address, the families differ or a port
     *     is out of range
     */
    public static Builder udp(String source, int sourcePort, String destination, int destinationPort) {
        return protocol(UDP, source, destination).ports(sourcePort, destinationPort);
    }

    /**
     * An ICMP packet (ICMPv6 for IPv6 addresses) with code 0.
     *
     * @param source a literal IP address
     * @param destination a literal IP address of the same family
     * @param type the ICMP type, 0..255
     * @return a builder
     * @throws IllegalArgumentException when an address is not a literal IP address, the families differ or the
     *     type is out of range
     */
    public static Builder icmp(String source, String destination, int type) {
        return icmp(source, destination, type, 0);
    }

    /**
     * An ICMP packet (ICMPv6 for IPv6 addresses).
     *
     * @param source a literal IP address
     * @param destination a literal IP address of the same family
     * @param type the ICMP type, 0..255
     * @param code the ICMP code, 0..255
     * @return a builder
     * @throws IllegalArgumentException when an address is not a literal IP address, the families differ or the
     *     type or code is out of range
     */
    public static Builder icmp(String source, String destination, int type, int code) {
        return icmp(address("source", source), address("destination", destination), type, code);
    }

    /**
     * An ICMP packet (ICMPv6 for IPv6 addresses).
     *
     * @param source the source address
     * @param destination the destination address, of the same family
     * @param type the ICMP type, 0..255
     * @param code the ICMP code, 0..255
     * @return a builder
     * @throws IllegalArgumentException when the families differ or the type or code is out of range
     */
    public static Builder icmp(InetAddress source, InetAddress destination, int type, int code) {
        Builder b = new Builder(IpFamily.of(source) == IpFamily.V4 ? ICMP : ICMPV6, source, destination);
        return b.icmpType(type, code);
    }

    /**
     * A packet of any IP protocol, without ports or ICMP fields (add them with {@link Builder#sourcePort},
     * {@link Builder#destinationPort}, {@link Builder#icmpType} where the protocol has them).
     *
     * @param protocol the IP protocol number, 0..255
     * @param source a literal IP address
     * @param destination a literal IP address of the same family
     * @return a builder
     * @throws IllegalArgumentException when an address is not a literal IP address, the families differ or the
     *     protocol number is out of range
     */
    public static Builder protocol(int protocol, String source, String destination) {
        return protocol(protocol, address("source", source), address("destination", destination));
    }

    /**
     * A packet of any IP protocol, without ports or ICMP fields.
     *
     * @param protocol the IP protocol number, 0..255
     * @param source the source address
     * @param destination the destination address, of the same family
     * @return a builder
     * @throws IllegalArgumentException when the families differ or the protocol number is out of range
     */
    public static Builder protocol(int protocol, InetAddress source, InetAddress destination) {
        return new Builder(protocol, source, destination);
    }

    private static final int ICMP = 1;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMPV6 = 58;
    private static final int SCTP = 132;

    private static InetAddress address(String what, String text) {
        Objects.requireNonNull(text, what);
        return Cidr.parseAddress(text).orElseThrow(() -> new IllegalArgumentException(
                what + " is not a literal IP address: " + Names.quote(text)));
    }

    private static int inRange(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be 0.." + max + ", not " + value);
        }
        return value;
    }

    /**
     * Collects the rest of a packet: where it goes, ports, DNAT and conntrack state. Start one with {@link #tcp},
     * {@link #udp}, {@link #icmp} or {@link #protocol}; {@link #build()} needs {@link #in} and/or {@link #out}.
     * Not thread-safe.
     */
    public static final class Builder {
        private final int protocol;
        private final InetAddress source;
        private final InetAddress destination;
        private final IpFamily family;
        private OptionalInt sourcePort = OptionalInt.empty();
        private OptionalInt destinationPort = OptionalInt.empty();
        private OptionalInt icmpType = OptionalInt.empty();
        private OptionalInt icmpCode = OptionalInt.empty();
        private Optional<String> in = Optional.empty();
        private Optional<String> out = Optional.empty();
        private Optional<Dnat> dnat = Optional.empty();
        private ConnState state = ConnState.NEW;

        private Builder(int protocol, InetAddress source, InetAddress destination) {
            this.protocol = inRange("protocol", protocol, 255);
            this.source = Objects.requireNonNull(source, "source");
            this.destination = Objects.requireNonNull(destination, "destination");
            this.family = IpFamily.of(source);
            if (IpFamily.of(destination) != family) {
                throw new IllegalArgumentException("source " + InetAddresses.toAddrString(source) + " and destination "
                        + InetAddresses.toAddrString(destination) + " are of different IP families");
            }
        }

        private boolean hasPorts() {
            return protocol == TCP || protocol == UDP || protocol == SCTP;
        }

        private Builder ports(int sourcePort, int destinationPort) {
            return sourcePort(sourcePort).destinationPort(destinationPort);
        }

        /**
         * Sets the source port.
         *
         * @param port 0..65535
         * @return this builder
         * @throws IllegalArgumentException when the port is out of range or the protocol has no ports
         */
        public Builder sourcePort(int port) {
            sourcePort = OptionalInt.of(port("source port", port));
            return this;
        }

        /**
         * Sets the destination port (before any DNAT).
         *
         * @param port 0..65535
         * @return this builder
         * @throws IllegalArgumentException when the port is out of range or the protocol has no ports
         */
        public Builder destinationPort(int port) {
            destinationPort = OptionalInt.of(port("destination port", port));
            return this;
        }

        private int port(String what, int port) {
            if (!hasPorts()) {
                throw new IllegalArgumentException("protocol " + protocol + " has no ports (tcp, udp and sctp do)");
            }
            return inRange(what, port, 65535);
        }

        /**
         * Sets the ICMP type and code.
         *
         * @param type 0..255
         * @param code 0..255
         * @return this builder
         * @throws IllegalArgumentException when a value is out of range or the protocol is neither ICMP nor ICMPv6
         */
        public Builder icmpType(int type, int code) {
            if (protocol != ICMP && protocol != ICMPV6) {
                throw new IllegalArgumentException("protocol " + protocol + " has no ICMP type (icmp, protocol 1,"
                        + " and icmpv6, protocol 58, do)");
            }
            icmpType = OptionalInt.of(inRange("ICMP type", type, 255));
            icmpCode = OptionalInt.of(inRange("ICMP code", code, 255));
            return this;
        }

        /**
         * Sets the ICMP type, without a code (a rule matching a code then does not match).
         *
         * @param type 0..255
         * @return this builder
         * @throws IllegalArgumentException when the type is out of range or the protocol is neither ICMP nor ICMPv6
         */
        public Builder icmpType(int type) {
            icmpType(type, 0);
            icmpCode = OptionalInt.empty();
            return this;
        }

        /**
         * The packet arrives on {@code iface}: alone, it goes to a host process; with {@link #out}, it is
         * forwarded.
         *
         * @param iface an interface name
         * @return this builder
         * @throws IllegalArgumentException when the name is not a valid interface name
         */
        public Builder in(String iface) {
            in = Optional.of(interfaceName(iface));
            return this;
        }

        /**
         * The packet leaves by {@code iface}: alone, a host process sends it; with {@link #in}, it is forwarded.
         *
         * @param iface an interface name
         * @return this builder
         * @throws IllegalArgumentException when the name is not a valid interface name
         */
        public Builder out(String iface) {
            out = Optional.of(interfaceName(iface));
            return this;
        }

        private static String interfaceName(String iface) {
            Objects.requireNonNull(iface, "iface");
            if (!Names.isInterfaceName(iface)) {
                throw new IllegalArgumentException(Names.quote(iface) + " is not a valid interface name: use 1-15"
                        + " characters of letters, digits, '_', '.' and '-'");
            }
            return iface;
        }

        /**
         * A DNAT (e.g. kube-proxy's NodePort rule) rewrites the destination address, keeping the port.
         *
         * @param address a literal IP address of the packet's family
         * @return this builder
         * @throws IllegalArgumentException when the address is not one
         */
        public Builder dnat(String address) {
            return dnat(dnatAddress(address), OptionalInt.empty());
        }

        /**
         * A DNAT rewrites the destination address and port.
         *
         * @param address a literal IP address of the packet's family
         * @param port 0..65535
         * @return this builder
         * @throws IllegalArgumentException when the address is not one, or the port is out of range
         */
        public Builder dnat(String address, int port) {
            return dnat(dnatAddress(address), OptionalInt.of(inRange("DNAT port", port, 65535)));
        }

        /**
         * A DNAT rewrites the destination address and, when {@code port} is present, the port.
         *
         * @param address an address of the packet's family
         * @param port the new port, 0..65535, or empty to keep it
         * @return this builder
         * @throws IllegalArgumentException when the address is of the other family or the port is out of range
         */
        public Builder dnat(InetAddress address, OptionalInt port) {
            if (IpFamily.of(address) != family) {
                throw new IllegalArgumentException("DNAT address " + InetAddresses.toAddrString(address)
                        + " is not of the packet's family (" + (family == IpFamily.V4 ? "IPv4" : "IPv6") + ")");
            }
            port.ifPresent(p -> inRange("DNAT port", p, 65535));
            dnat = Optional.of(new Dnat(address, port));
            return this;
        }

        private static InetAddress dnatAddress(String text) {
            return address("DNAT address", text);
        }

        /**
         * The packet belongs to a connection conntrack knows.
         *
         * @return this builder
         */
        public Builder established() {
            return state(ConnState.ESTABLISHED);
        }

        /**
         * Conntrack classifies the packet INVALID.
         *
         * @return this builder
         */
        public Builder invalid() {
            return state(ConnState.INVALID);
        }

        /**
         * Sets the conntrack state (NEW unless set).
         *
         * @param state the state
         * @return this builder
         */
        public Builder state(ConnState state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        /**
         * The packet.
         *
         * @return the packet
         * @throws IllegalArgumentException when neither {@link #in} nor {@link #out} was given
         */
        public Packet build() {
            return new Packet(family, source, destination, protocol, sourcePort, destinationPort, icmpType, icmpCode,
                    in, out, dnat, state);
        }
    }

    /**
     * Conntrack state before raw policy: the first packet of a flow, a packet of a known flow, or one conntrack
     * classifies INVALID (e.g. a reply whose request was exempted from tracking, or a TCP segment that fits no
     * flow). Raw policy still sees an INVALID packet; every tracked stage drops it before policy, and it is never
     * NATed.
     */
    public enum ConnState {
        /** The first packet of a flow. */
        NEW,
        /** A packet of a flow conntrack knows (established or related). */
        ESTABLISHED,
        /** A packet conntrack cannot place. */
        INVALID
    }
}
