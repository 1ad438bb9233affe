package io.hostwall.ir;

import io.hostwall.net.Cidr;
import java.net.InetAddress;

/** One element of an {@link IpSet}. */
public sealed interface SetMember {

    record Network(Cidr cidr) implements SetMember {}

    record AddressProtocolPort(InetAddress address, int protocol, int port) implements SetMember {}
}
