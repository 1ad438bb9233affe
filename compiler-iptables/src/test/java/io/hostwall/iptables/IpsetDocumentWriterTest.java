package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.netSet;
import static io.hostwall.ir.testing.IrFixtures.portSet;
import static io.hostwall.net.IpFamily.V4;
import static io.hostwall.net.IpFamily.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import io.hostwall.ir.HashedNames;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpsetDocumentWriterTest {

    @Test
    void swapIdiomExactly() {
        String initval = String.format("%08x", HashedNames.sha256Int("ipset initval hw4n-a"));
        assertEquals("""
                # title
                create hw4n-a hash:net family inet maxelem 1048576 initval 0x%1$s -exist
                create hw4n-a:t hash:net family inet maxelem 1048576 initval 0x%1$s -exist
                flush hw4n-a:t
                add hw4n-a:t 10.0.0.0/8
                add hw4n-a:t 192.168.1.1/32
                swap hw4n-a:t hw4n-a
                destroy hw4n-a:t
                """.formatted(initval),
                IpsetDocumentWriter.write("title", List.of(netSet("hw4n-a", V4, "10.0.0.0/8", "192.168.1.1/32"))));
    }

    @Test
    void namedPortSetsAndIpv6() {
        String doc = IpsetDocumentWriter.write("t", List.of(portSet("hw6p-a", V6, "fd00::1", 17, 53),
                netSet("hw6n-b", V6, "fd00::/8")));
        assertTrue(doc.contains("create hw6p-a hash:ip,port family inet6 maxelem 1048576"));
        assertTrue(doc.contains("add hw6p-a:t fd00::1,udp:53\n"));
        assertTrue(doc.contains("add hw6n-b:t fd00::/8\n"));
    }

    @Test
    void catchAllIsSplitInHalves() {
        String doc = IpsetDocumentWriter.write("t", List.of(netSet("hw4n-all", V4, "0.0.0.0/0"), netSet("hw6n-all", V6, "::/0")));
        assertTrue(doc.contains("add hw4n-all:t 0.0.0.0/1\nadd hw4n-all:t 128.0.0.0/1\n"));
        assertTrue(doc.contains("add hw6n-all:t ::/1\nadd hw6n-all:t 8000::/1\n"));
    }

    @Test
    void temporaryNamesStayWithin31Characters() {
        assertEquals("hw4n-a:t", IpsetDocumentWriter.tmpName("hw4n-a"));
        String n29 = "a".repeat(29);
        assertEquals(n29 + ":t", IpsetDocumentWriter.tmpName(n29));
        String n31 = "b".repeat(31);
        String t = IpsetDocumentWriter.tmpName(n31);
        assertEquals(31, t.length());
        assertTrue(t.endsWith(":t"));
        assertNotEquals(t, IpsetDocumentWriter.tmpName("b".repeat(30) + "c"), "long names keep distinct tmp names");
    }

    @Test
    void badNamesFamiliesAndProtocolsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> IpsetDocumentWriter.write("t", List.of(netSet("x".repeat(32), V4, "10.0.0.0/8"))));
        assertThrows(IllegalArgumentException.class,
                () -> IpsetDocumentWriter.write("t", List.of(netSet("bad name\ncreate", V4, "10.0.0.0/8"))));
        assertThrows(IllegalArgumentException.class,
                () -> IpsetDocumentWriter.write("t", List.of(netSet("hw6n-x", V6, "10.0.0.0/8"))));
        assertThrows(IllegalArgumentException.class,
                () -> IpsetDocumentWriter.write("t", List.of(portSet("hw4p-x", V4, "10.0.0.1", 47, 1))));
        IpSet wrongType = new IpSet("hw4n-y", V4, SetType.NETWORKS, ImmutableList.of(
                new SetMember.AddressProtocolPort(InetAddresses.forString("10.0.0.1"), 6, 1)));
        assertThrows(IllegalArgumentException.class, () -> IpsetDocumentWriter.write("t", List.of(wrongType)));
        assertThrows(IllegalArgumentException.class,
                () -> IpsetDocumentWriter.index(List.of(netSet("a", V4, "10.0.0.0/8"), netSet("a", V4, "10.0.0.0/8"))));
    }
}
