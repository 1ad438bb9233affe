package io.hostwall.compiler.oracle;

import java.net.InetAddress;

/** One (address, protocol, port) a named port resolves to (SEMANTICS §4). */
record NamedPortMember(InetAddress address, int protocol, int port) {}
