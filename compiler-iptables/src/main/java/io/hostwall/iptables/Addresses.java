package io.hostwall.iptables;

import io.hostwall.net.Cidr;

/**
 * Address text from raw bytes, written straight into the document's buffer. The text is Guava's
 * {@code InetAddresses.toAddrString} (RFC 5952: lower-case hextets without leading zeros, the longest run of two or
 * more zero hextets, the first of equal runs, as {@code ::}), which the renderer printed before it stopped making an
 * {@code InetAddress} per address. 16 bytes always print as IPv6, so an IPv4-mapped IPv6 address keeps its family
 * ({@code InetAddress.getByAddress} would have turned it into IPv4 text inside an IPv6 document).
 */
final class Addresses {
    private Addresses() {}

    static String format(byte[] bytes) {
        StringBuilder b = new StringBuilder(39);
        append(b, bytes);
        return b.toString();
    }

    /** Appends the address {@code bytes} (4 or 16). */
    static void append(StringBuilder b, byte[] bytes) {
        if (bytes.length == 4) {
            b.append(bytes[0] & 0xff).append('.').append(bytes[1] & 0xff).append('.').append(bytes[2] & 0xff)
                    .append('.').append(bytes[3] & 0xff);
        } else if (bytes.length == 16) {
            appendV6(b, bytes);
        } else {
            throw new IllegalArgumentException("address of " + bytes.length + " bytes");
        }
    }

    private static void appendV6(StringBuilder b, byte[] bytes) {
        int bestStart = -1;
        int bestLength = 0;
        int runStart = -1;
        for (int i = 0; i <= 8; i++) {
            if (i < 8 && hextet(bytes, i) == 0) {
                if (runStart < 0) {
                    runStart = i;
                }
            } else if (runStart >= 0) {
                int length = i - runStart;
                if (length > bestLength) {
                    bestStart = runStart;
                    bestLength = length;
                }
                runStart = -1;
            }
        }
        if (bestLength < 2) {
            bestStart = -1; // a single zero hextet is written out
        }
        boolean lastWasNumber = false;
        for (int i = 0; i < 8; i++) {
            boolean compressed = bestStart >= 0 && i >= bestStart && i < bestStart + bestLength;
            if (!compressed) {
                if (lastWasNumber) {
                    b.append(':');
                }
                IptablesText.appendHex(b, hextet(bytes, i));
            } else if (i == 0 || lastWasNumber) {
                b.append("::");
            }
            lastWasNumber = !compressed;
        }
    }

    private static int hextet(byte[] bytes, int i) {
        return (bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff);
    }

    /** {@code 10.0.0.0/8}, {@code fd00::/64}. */
    static String cidr(Cidr c) {
        StringBuilder b = new StringBuilder(43);
        appendCidr(b, c);
        return b.toString();
    }

    /** Appends {@code 10.0.0.0/8}, {@code fd00::/64}. */
    static void appendCidr(StringBuilder b, Cidr c) {
        append(b, c.addressBytes());
        b.append('/').append(c.prefixLength());
    }

    /** {@code first-last} of the network, as xt_iprange takes it. */
    static String range(Cidr c) {
        byte[] first = c.addressBytes();
        byte[] last = first.clone();
        for (int bit = c.prefixLength(); bit < last.length * 8; bit++) {
            last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return format(first) + "-" + format(last);
    }
}
