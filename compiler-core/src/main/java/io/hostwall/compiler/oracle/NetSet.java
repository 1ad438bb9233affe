package io.hostwall.compiler.oracle;

import io.hostwall.net.Cidr;
import java.util.Collection;

/**
 * Networks of both families, tested against raw address bytes. Kept as plain arrays because the differential
 * tests ask the oracle thousands of times: no allocation per lookup.
 */
final class NetSet {
    static final NetSet EMPTY = new NetSet(new byte[0][], new int[0]);

    private final byte[][] networks;
    private final int[] prefixes;

    private NetSet(byte[][] networks, int[] prefixes) {
        this.networks = networks;
        this.prefixes = prefixes;
    }

    static NetSet of(Collection<Cidr> cidrs) {
        if (cidrs.isEmpty()) {
            return EMPTY;
        }
        byte[][] nets = new byte[cidrs.size()][];
        int[] lens = new int[cidrs.size()];
        int i = 0;
        for (Cidr c : cidrs) {
            nets[i] = c.addressBytes();
            lens[i] = c.prefixLength();
            i++;
        }
        return new NetSet(nets, lens);
    }

    boolean isEmpty() {
        return networks.length == 0;
    }

    /** True when some network of the address's family contains it. */
    boolean contains(byte[] address) {
        for (int i = 0; i < networks.length; i++) {
            if (networks[i].length == address.length && prefixMatches(networks[i], prefixes[i], address)) {
                return true;
            }
        }
        return false;
    }

    static boolean prefixMatches(byte[] network, int prefix, byte[] address) {
        int full = prefix / 8;
        for (int b = 0; b < full; b++) {
            if (network[b] != address[b]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }
}
