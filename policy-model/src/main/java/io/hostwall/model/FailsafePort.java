package io.hostwall.model;

import io.hostwall.net.Cidr;

import java.util.Optional;

/**
 * One failsafe entry ({@code ProtoPort}): protocol TCP/UDP/SCTP, port 0..65535, optional net (inbound: the
 * source; outbound: the destination).
 */
public record FailsafePort(Protocol protocol, int port, Optional<Cidr> net) {

    /**
     * Whether Felix accepts this entry's protocol. The Calico API allows SCTP, but Felix parses its failsafe
     * parameters as {@code (tcp|udp):[net:]port} only and does not start otherwise (die-on-fail).
     *
     * @return true for TCP and UDP
     */
    public boolean felixAcceptsProtocol() {
        return protocol.equals(Protocol.TCP) || protocol.equals(Protocol.UDP);
    }
}
