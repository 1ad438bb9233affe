package io.hostwall.lab;

import java.net.InetAddress;

/**
 * One lab machine: its namespace, its main IPv4 and IPv6 address, and its probe agent (which is also its set of
 * servers). {@code role} is what its servers answer with.
 */
public record Host(String role, Namespace ns, InetAddress v4, InetAddress v6, ProbeClient agent) {

    public InetAddress addr(boolean ipv6) {
        return ipv6 ? v6 : v4;
    }

    @Override
    public String toString() {
        return role + "(" + ns.name + ", " + v4.getHostAddress() + ", " + v6.getHostAddress() + ")";
    }
}
