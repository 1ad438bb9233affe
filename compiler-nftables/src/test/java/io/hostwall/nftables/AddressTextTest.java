package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.net.InetAddresses;
import io.hostwall.net.Cidr;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link AddressText} prints what Guava's {@code InetAddresses.toAddrString} prints, for any address bytes. */
class AddressTextTest {
    private static String guava(byte[] bytes) throws Exception {
        return InetAddresses.toAddrString(InetAddress.getByAddress(bytes.clone()));
    }

    private static String ours(byte[] bytes) {
        return AddressText.append(new StringBuilder(), bytes).toString();
    }

    @Test
    void randomAddressesWithZeroRunsMatchGuava() throws Exception {
        Random random = new Random(20261203L);
        for (int n = 0; n < 200_000; n++) {
            byte[] a = new byte[random.nextInt(4) == 0 ? 4 : 16];
            random.nextBytes(a);
            if (a.length == 16) {
                // Zero groups in random places (runs of every length, ties between runs) and the special prefixes.
                int mask = random.nextInt(256);
                for (int g = 0; g < 8; g++) {
                    if ((mask & 1 << g) != 0) {
                        a[2 * g] = 0;
                        a[2 * g + 1] = 0;
                    } else if (random.nextInt(4) == 0) {
                        a[2 * g] = 0; // a group with leading zeros
                    }
                }
                switch (random.nextInt(8)) {
                    case 0 -> { // IPv4-mapped ::ffff:a.b.c.d
                        java.util.Arrays.fill(a, 0, 10, (byte) 0);
                        a[10] = (byte) 0xff;
                        a[11] = (byte) 0xff;
                    }
                    case 1 -> java.util.Arrays.fill(a, 0, 12, (byte) 0); // IPv4-compatible ::a.b.c.d
                    case 2 -> { // almost mapped: ::fffe:.. and 0:0:0:0:1:ffff:..
                        java.util.Arrays.fill(a, 0, 10, (byte) 0);
                        a[random.nextInt(12)] = 1;
                        a[10] = (byte) 0xff;
                        a[11] = (byte) 0xff;
                    }
                    default -> { }
                }
            }
            assertEquals(guava(a), ours(a), () -> java.util.Arrays.toString(a));
        }
    }

    @Test
    void edgeCases() throws Exception {
        for (String s : new String[] {"::", "::1", "1::", "::ffff:1.2.3.4", "::1.2.3.4", "::ffff:0:0", "0:0:0:0:ffff::",
            "1:0:0:1:0:0:1:1", "1:0:1:0:0:1:0:0", "fe80::1:0:0:0:1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001:db8:0:0:1:0:0:1", "0.0.0.0", "255.255.255.255", "::ffff:0.0.0.0", "0:1::"}) {
            byte[] a = InetAddress.getByName(s).getAddress();
            byte[] full = s.contains(":") ? InetAddresses.forString(s) instanceof java.net.Inet4Address
                    ? mapped(a) : a : a;
            assertEquals(guava(full), ours(full), s);
        }
    }

    @Test
    void cidrsPrintAsTheirToString() throws Exception {
        for (String s : new String[] {"fd00::/64", "::/0", "2001:db8::1:0:0:1/128", "10.0.0.0/8", "::1.2.3.0/120"}) {
            Cidr c = Cidr.parseStrict(s).orElseThrow();
            assertEquals(c.toString(), NftText.prefix(new StringBuilder(), c).toString(), s);
        }
        // A v4-mapped IPv6 network: Cidr's own text goes through InetAddress, which makes it IPv4.
        Cidr mapped = Cidr.of(java.net.Inet6Address.getByAddress(null, mapped(new byte[] {10, 0, 0, 0}), -1), 104);
        assertEquals(mapped.toString(), NftText.prefix(new StringBuilder(), mapped).toString());
    }

    @Test
    void refusesOtherLengths() {
        assertThrows(IllegalArgumentException.class, () -> ours(new byte[5]));
    }

    private static byte[] mapped(byte[] v4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }
}
