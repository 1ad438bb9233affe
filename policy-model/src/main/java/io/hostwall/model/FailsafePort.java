package io.hostwall.model;

import io.hostwall.net.Cidr;

import java.util.Optional;

/**
 * One failsafe entry ({@code ProtoPort}): protocol TCP/UDP/SCTP, port 0..65535, optional net (inbound: the
 * source; outbound: the destination).
 *
 * @param protocol TCP, UDP or SCTP
 * @param port 0..65535
 * @param net the remote net, when the entry is limited to one
 */
public record FailsafePort(Protocol protocol, int port, Optional<Cidr> net) {
    /**
     * Checks the protocol and port.
     *
     * @param protocol TCP, UDP or SCTP
     * @param port 0..65535
     * @param net the remote net, when the entry is limited to one
     * @throws InvalidResourceException if one breaks its rule
     */
    public FailsafePort {
        Checks.nonNull(protocol, "protocol");
        Checks.nonNull(net, "net");
        Checks.check("protocol", ModelRules.failsafeProtocolProblem(protocol.calicoName()));
        Checks.check("port", ModelRules.failsafePortProblem(port));
    }

    /**
     * Whether Felix accepts this entry's protocol. The Calico API allows SCTP, but Felix parses its failsafe
     * parameters as {@code (tcp|udp):[net:]port} only and does not start otherwise (die-on-fail).
     *
     * @return whether the protocol is TCP or UDP
     */
    public boolean felixAcceptsProtocol() {
        return protocol.equals(Protocol.TCP) || protocol.equals(Protocol.UDP);
    }
}
