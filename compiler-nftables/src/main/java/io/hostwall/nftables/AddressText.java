package io.hostwall.nftables;

/**
 * IP addresses as the script spells them, written straight from their bytes: dotted quad for IPv4, RFC 5952 text
 * for IPv6 (lower-case hex, no leading zeros, the longest run of two or more zero groups, the first of equal ones,
 * as {@code ::}). Exactly what {@code InetAddresses.toAddrString(InetAddress.getByAddress(bytes))} prints, which the
 * tests check over random addresses; including that Java turns a 16-byte IPv4-mapped address ({@code ::ffff:a.b.c.d})
 * into an IPv4 one, printed as a dotted quad.
 *
 * <p>Why not Guava's: it goes through an {@code InetAddress} and a string per address, and a large node's IPv6
 * set elements made that a visible part of a cold render (issue 10).
 */
final class AddressText {
    private AddressText() {}

    /** Appends {@code address} (4 or 16 bytes). */
    static StringBuilder append(StringBuilder b, byte[] address) {
        if (address.length == 4) {
            return NftText.dottedQuad(b, address);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("not an IP address: " + address.length + " bytes");
        }
        if (mapped(address)) {
            return b.append(address[12] & 0xff).append('.').append(address[13] & 0xff).append('.')
                    .append(address[14] & 0xff).append('.').append(address[15] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        int runStart = -1;
        for (int i = 0; i <= 8; i++) {
            if (i < 8 && group(address, i) == 0) {
                if (runStart < 0) {
                    runStart = i;
                }
            } else if (runStart >= 0) {
                if (i - runStart > bestLength) {
                    bestStart = runStart;
                    bestLength = i - runStart;
                }
                runStart = -1;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        boolean afterNumber = false;
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                afterNumber = false;
                continue;
            }
            if (afterNumber) {
                b.append(':');
            }
            hex(b, group(address, i));
            afterNumber = true;
        }
        return b;
    }

    /** The 16-bit group {@code i} (0..7); read twice rather than kept in an array per address (sets hold thousands). */
    private static int group(byte[] a, int i) {
        return (a[2 * i] & 0xff) << 8 | a[2 * i + 1] & 0xff;
    }

    private static boolean mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** A byte in hex without leading zeros ("0" to "ff"), and with them ("00" to "ff"). */
    private static final String[] HEX = java.util.stream.IntStream.range(0, 256).mapToObj(Integer::toHexString)
            .toArray(String[]::new);
    private static final String[] HEX2 = java.util.stream.IntStream.range(0, 256)
            .mapToObj(v -> v < 16 ? "0" + Integer.toHexString(v) : Integer.toHexString(v)).toArray(String[]::new);

    /** A group in hex without leading zeros: two appends at most, not one per digit (sets hold thousands). */
    private static void hex(StringBuilder b, int group) {
        int high = group >>> 8;
        if (high == 0) {
            b.append(HEX[group]);
        } else {
            b.append(HEX[high]).append(HEX2[group & 0xff]);
        }
    }
}
