package io.hostwall.iptables.legacy;

import com.google.common.net.InetAddresses;
import io.hostwall.net.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address text from raw bytes. {@link InetAddress#getByAddress(byte[])} turns an IPv4-mapped IPv6 address into an
 * IPv4 one, which would put IPv4 text into an IPv6 document; formatting 16 bytes as an {@link Inet6Address} keeps
 * the family.
 */
final class Addresses {
    private Addresses() {}

    static String format(byte[] bytes) {
        try {
            InetAddress a = bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
            return InetAddresses.toAddrString(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + bytes.length + " bytes", e);
        }
    }

    /** {@code 10.0.0.0/8}, {@code fd00::/64}. */
    static String cidr(Cidr c) {
        return format(c.addressBytes()) + "/" + c.prefixLength();
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
