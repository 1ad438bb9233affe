package io.hostwall.compiler.eval;

import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One packet as the oracle and the interpreter see it. The interfaces say where it goes: only {@code in} = to a
 * host process, only {@code out} = from a host process, both = forwarded. {@code dnat}, when present, is the
 * destination a DNAT (e.g. kube-proxy's NodePort rule) rewrites it to after pre-DNAT policy and before the
 * filter stage (for host-originated traffic: in nat OUTPUT). {@code state} is the conntrack state the packet
 * would have if raw policy did not exempt it from tracking.
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

    /** The destination after DNAT: the filter stage and DNAT'd host egress see this. */
    public InetAddress destinationAfterDnat() {
        return dnat.map(Dnat::address).orElse(destination);
    }

    public OptionalInt destinationPortAfterDnat() {
        return dnat.isPresent() && dnat.get().port().isPresent() ? dnat.get().port() : destinationPort;
    }

    public boolean isForwarded() {
        return inInterface.isPresent() && outInterface.isPresent();
    }

    public boolean isToHost() {
        return inInterface.isPresent() && outInterface.isEmpty();
    }

    public boolean isFromHost() {
        return inInterface.isEmpty() && outInterface.isPresent();
    }

    /** A destination rewrite: address and, optionally, port. */
    public record Dnat(InetAddress address, OptionalInt port) {}

    /**
     * Conntrack state before raw policy: the first packet of a flow, a packet of a known flow, or one conntrack
     * classifies INVALID (e.g. a reply whose request was exempted from tracking, or a TCP segment that fits no
     * flow). Raw policy still sees an INVALID packet; every tracked stage drops it before policy, and it is never
     * NATed.
     */
    public enum ConnState {
        NEW,
        ESTABLISHED,
        INVALID
    }
}
