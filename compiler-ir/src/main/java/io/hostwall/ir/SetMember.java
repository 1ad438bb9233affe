package io.hostwall.ir;

import io.hostwall.net.Cidr;
import java.net.InetAddress;

/** One element of an {@link IpSet}. */
public sealed interface SetMember {

    /**
     * A network (or one address as a full-length prefix), for {@link SetType} network sets.
     *
     * @param cidr the network
     */
    record Network(Cidr cidr) implements SetMember {}

    /**
     * An address, an IP protocol number and a port, for the sets of named-port matches.
     *
     * @param address the endpoint address
     * @param protocol the IP protocol number (6 TCP, 17 UDP, 132 SCTP)
     * @param port the port, 1..65535
     */
    record AddressProtocolPort(InetAddress address, int protocol, int port) implements SetMember {}
}
