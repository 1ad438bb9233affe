package io.hostwall.compiler.eval;

import static io.hostwall.compiler.gen.Models.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.net.IpFamily;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PacketBuilderTest {

    @Test
    void tcpToTheHostEqualsTheCanonicalRecord() {
        Packet p = Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 31852).in("eth0").build();
        assertEquals(new Packet(IpFamily.V4, ip("203.0.113.7"), ip("10.240.0.11"), 6, OptionalInt.of(40000),
                OptionalInt.of(31852), OptionalInt.empty(), OptionalInt.empty(), Optional.of("eth0"), Optional.empty(),
                Optional.empty(), Packet.ConnState.NEW), p);
        assertTrue(p.isToHost());
    }

    @Test
    void everyPartHasANamedSetter() {
        Packet p = Packet.udp("2001:db8::7", 53, "fd00::11", 5353).in("eth0").out("eth1").dnat("fd00::22", 53)
                .established().build();
        assertEquals(IpFamily.V6, p.family());
        assertEquals(17, p.protocol());
        assertEquals(Optional.of(new Packet.Dnat(ip("fd00::22"), OptionalInt.of(53))), p.dnat());
        assertEquals(Packet.ConnState.ESTABLISHED, p.state());
        assertTrue(p.isForwarded());
        Packet invalid = Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2).out("eth0").dnat("10.0.0.3").invalid().build();
        assertEquals(Packet.ConnState.INVALID, invalid.state());
        assertEquals(OptionalInt.empty(), invalid.dnat().orElseThrow().port());
        assertTrue(invalid.isFromHost());
    }

    @Test
    void icmpFollowsTheFamily() {
        Packet v4 = Packet.icmp("10.0.0.1", "10.0.0.2", 8).in("eth0").build();
        assertEquals(1, v4.protocol());
        assertEquals(OptionalInt.of(8), v4.icmpType());
        assertEquals(OptionalInt.of(0), v4.icmpCode());
        Packet v6 = Packet.icmp("fe80::1", "fe80::2", 135, 0).out("eth0").build();
        assertEquals(58, v6.protocol());
        Packet typeOnly = Packet.protocol(1, "10.0.0.1", "10.0.0.2").icmpType(3).in("eth0").build();
        assertEquals(OptionalInt.of(3), typeOnly.icmpType());
        assertEquals(OptionalInt.empty(), typeOnly.icmpCode());
    }

    @Test
    void anyProtocolWithoutPorts() {
        Packet gre = Packet.protocol(47, "10.0.0.1", "10.0.0.2").in("eth0").build();
        assertEquals(47, gre.protocol());
        assertEquals(OptionalInt.empty(), gre.sourcePort());
        Packet sctp = Packet.protocol(132, "10.0.0.1", "10.0.0.2").sourcePort(5).destinationPort(6).in("eth0")
                .build();
        assertEquals(OptionalInt.of(6), sctp.destinationPort());
    }

    @Test
    void mistakesAreRefusedWithAClearMessage() {
        refused("source is not a literal IP address: \"10.0.0\"",
                () -> Packet.tcp("10.0.0", 1, "10.0.0.2", 2));
        refused("destination is not a literal IP address: \"example.com\"",
                () -> Packet.tcp("10.0.0.1", 1, "example.com", 2));
        refused("source 10.0.0.1 and destination fd00::1 are of different IP families",
                () -> Packet.udp("10.0.0.1", 1, "fd00::1", 2));
        refused("destination port must be 0..65535, not 70000", () -> Packet.tcp("10.0.0.1", 1, "10.0.0.2", 70000));
        refused("protocol 47 has no ports", () -> Packet.protocol(47, "10.0.0.1", "10.0.0.2").sourcePort(1));
        refused("protocol 6 has no ICMP type", () -> Packet.protocol(6, "10.0.0.1", "10.0.0.2").icmpType(8));
        refused("ICMP type must be 0..255, not 256", () -> Packet.icmp("10.0.0.1", "10.0.0.2", 256));
        refused("protocol must be 0..255, not 300", () -> Packet.protocol(300, "10.0.0.1", "10.0.0.2"));
        refused("\"eth0;x\" is not a valid interface name",
                () -> Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2).in("eth0;x"));
        refused("DNAT address fd00::1 is not of the packet's family (IPv4)",
                () -> Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2).dnat("fd00::1"));
        refused("a packet needs an input interface, an output interface or both",
                () -> Packet.tcp("10.0.0.1", 1, "10.0.0.2", 2).build());
    }

    private static void refused(String message, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(message), () -> "expected \"" + message + "\", got: " + e.getMessage());
    }
}
