package io.hostwall.net;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IP network with no host bits set, e.g. {@code 10.240.0.0/16}. Immutable; the address bytes are
 * copied on the way in and out.
 */
public final class Cidr implements Comparable<Cidr> {
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * The network of {@code address/prefixLength}; host bits are cleared (callers that must reject host bits
     * check {@link #hasHostBits} first).
     *
     * @param address an address of the network
     * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
     * @return the network
     * @throws IllegalArgumentException if the prefix length is out of range for the address's family
     */
    public static Cidr of(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        if (prefixLength < 0 || prefixLength > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
        return new Cidr(mask(bytes, prefixLength), prefixLength);
    }

    /**
     * A host route: /32 or /128.
     *
     * @param address the host
     * @return the one-address network
     */
    public static Cidr host(InetAddress address) {
        return of(address, address.getAddress().length * 8);
    }

    /**
     * Parses {@code a.b.c.d/n} or {@code x::y/n} strictly: an explicit prefix length is required. Host bits are
     * allowed here (and cleared); see {@link #hasHostBits(String)}.
     *
     * @param text the CIDR text
     * @return the network, or empty if {@code text} is not a CIDR
     */
    public static Optional<Cidr> parseStrict(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return parse(text.substring(0, slash), text.substring(slash + 1));
    }

    /**
     * Parses a CIDR or a bare IP address (which becomes a host route), clearing host bits.
     *
     * @param text the CIDR or address text
     * @return the network, or empty if {@code text} is neither
     */
    public static Optional<Cidr> parseLenient(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return parseAddress(text).map(Cidr::host);
        }
        return parse(text.substring(0, slash), text.substring(slash + 1));
    }

    /**
     * Whether a CIDR text has host bits.
     *
     * @param text the text to check
     * @return true when {@code text} is a CIDR whose address has bits set beyond its prefix
     */
    public static boolean hasHostBits(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return false;
        }
        Optional<InetAddress> addr = parseAddress(text.substring(0, slash));
        Optional<Integer> len = parsePrefix(text.substring(slash + 1));
        if (addr.isEmpty() || len.isEmpty() || len.get() > addr.get().getAddress().length * 8) {
            return false;
        }
        byte[] raw = addr.get().getAddress();
        return !Arrays.equals(raw, mask(raw, len.get()));
    }

    /**
     * Parses a literal IP address (never a host name; no DNS).
     *
     * @param text the address text, without zone
     * @return the address, or empty if {@code text} is not a literal IP address
     */
    public static Optional<InetAddress> parseAddress(String text) {
        if (text.isEmpty() || text.indexOf('%') >= 0 || !InetAddresses.isInetAddress(text)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(text));
    }

    private static Optional<Cidr> parse(String addr, String len) {
        Optional<InetAddress> a = parseAddress(addr);
        Optional<Integer> l = parsePrefix(len);
        if (a.isEmpty() || l.isEmpty() || l.get() > a.get().getAddress().length * 8) {
            return Optional.empty();
        }
        return Optional.of(of(a.get(), l.get()));
    }

    private static Optional<Integer> parsePrefix(String len) {
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(len));
    }

    private static byte[] mask(byte[] raw, int prefixLength) {
        byte[] out = raw.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bitsHere)));
        }
        return out;
    }

    /** {@return the network's IP family} */
    public IpFamily family() {
        return network.length == 4 ? IpFamily.V4 : IpFamily.V6;
    }

    /** {@return the prefix length, 0..32 or 0..128} */
    public int prefixLength() {
        return prefixLength;
    }

    /** {@return the network address (host bits clear)} */
    public InetAddress address() {
        try {
            return InetAddress.getByAddress(network.clone());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** {@return a copy of the network address bytes (4 or 16)} */
    public byte[] addressBytes() {
        return network.clone();
    }

    /**
     * One byte of the network address, without copying the address as {@link #addressBytes} does: renderers write
     * every set member's address, and a copy per member was a tenth of a cold nft render's allocation (JFR).
     *
     * @param index 0..3 for IPv4, 0..15 for IPv6
     * @return the byte's unsigned value, 0..255
     * @throws IndexOutOfBoundsException for an index outside the address
     */
    public int addressByte(int index) {
        return network[index] & 0xff;
    }

    /** {@return true for {@code 0.0.0.0/0} and {@code ::/0}} */
    public boolean isCatchAll() {
        return prefixLength == 0;
    }

    /**
     * Whether an address is in this network.
     *
     * @param address the address
     * @return true when {@code address} is of this network's family and within it
     */
    public boolean contains(InetAddress address) {
        byte[] raw = address.getAddress();
        return raw.length == network.length && Arrays.equals(mask(raw, prefixLength), network);
    }

    /**
     * Whether a network lies within this one.
     *
     * @param other the other network
     * @return true when every address of {@code other} is in this network
     */
    public boolean contains(Cidr other) {
        if (other.network.length != network.length || other.prefixLength < prefixLength) {
            return false;
        }
        // Byte by byte, as mask() would clear them, without its copy: renderers check every set member.
        for (int i = 0; i < network.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
            if ((byte) (other.network[i] & (0xff << (8 - bitsHere))) != network[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    /** IPv4 before IPv6, then by address bytes (unsigned), then by prefix length. */
    @Override
    public int compareTo(Cidr o) {
        if (network.length != o.network.length) {
            return Integer.compare(network.length, o.network.length);
        }
        // A plain loop: for 4 or 16 bytes Arrays.compareUnsigned's vectorised mismatch costs more than it saves, and
        // renderers compare every set member with its neighbour (JFR, issue 10).
        for (int i = 0; i < network.length; i++) {
            int c = (network[i] & 0xff) - (o.network[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(prefixLength, o.prefixLength);
    }

    /** Canonical text, e.g. {@code 10.0.0.0/8}, {@code fd00::/64}. */
    @Override
    public String toString() {
        return InetAddresses.toAddrString(address()) + "/" + prefixLength;
    }
}
