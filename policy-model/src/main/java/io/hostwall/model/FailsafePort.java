package io.hostwall.model;

import java.util.Optional;

/**
 * One failsafe entry ({@code ProtoPort}): protocol TCP/UDP/SCTP, port 0..65535, optional net (inbound: the
 * source; outbound: the destination).
 */
public record FailsafePort(Protocol protocol, int port, Optional<Cidr> net) {}
