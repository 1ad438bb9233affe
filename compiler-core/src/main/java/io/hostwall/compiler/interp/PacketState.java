package io.hostwall.compiler.interp;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.Side;
import io.hostwall.net.IpFamily;
import java.util.Optional;
import java.util.OptionalInt;

/** A packet on its way through the hooks: what rules can read, and what earlier rules and hooks changed. */
final class PacketState {
    final Packet packet;
    final IpFamily family;
    final AddressKey source;
    private final AddressKey natDestination;
    private final AddressKey destination;
    /** The packet mark; 0 when the packet enters, carried across hooks. */
    int mark;
    /** A Notrack action ran: conntrack leaves the packet alone (state UNTRACKED, no NAT). */
    boolean notracked;
    /** The conntrack lookup has happened; before it (in raw) there is no state to test. */
    boolean tracked;
    /** The DNAT rewrote the destination (and the connection counts as DNAT'd). */
    boolean natted;
    Hook hook = Hook.PREROUTING;

    PacketState(Packet packet) {
        this.packet = packet;
        this.family = packet.family();
        this.source = AddressKey.of(packet.source());
        this.destination = AddressKey.of(packet.destination());
        this.natDestination = AddressKey.of(packet.destinationAfterDnat());
    }

    AddressKey address(Side side) {
        if (side == Side.SOURCE) {
            return source;
        }
        return natted ? natDestination : destination;
    }

    OptionalInt port(Side side) {
        if (side == Side.SOURCE) {
            return packet.sourcePort();
        }
        return natted ? packet.destinationPortAfterDnat() : packet.destinationPort();
    }

    CtState ctState() {
        if (notracked) {
            return CtState.UNTRACKED;
        }
        return switch (packet.state()) {
            case NEW -> CtState.NEW;
            case ESTABLISHED -> CtState.ESTABLISHED;
            case INVALID -> CtState.INVALID;
        };
    }

    /**
     * The interface a rule sees at the current hook: the input interface in PREROUTING, INPUT and FORWARD; the
     * output interface in FORWARD, OUTPUT and POSTROUTING (before routing there is none; after it the kernel no
     * longer offers the input interface to POSTROUTING rules).
     */
    Optional<String> iface(InterfaceDirection direction) {
        boolean visible = direction == InterfaceDirection.IN
                ? hook == Hook.PREROUTING || hook == Hook.INPUT || hook == Hook.FORWARD
                : hook == Hook.FORWARD || hook == Hook.OUTPUT || hook == Hook.POSTROUTING;
        if (!visible) {
            return Optional.empty();
        }
        return direction == InterfaceDirection.IN ? packet.inInterface() : packet.outInterface();
    }
}
