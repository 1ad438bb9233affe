package io.hostwall.compiler.interp;

import java.net.InetAddress;

/**
 * An address (or network address) as two longs, so that set lookups hash numbers instead of byte arrays. IPv4 uses
 * the low 32 bits of {@code lo}; the family is part of the key.
 */
record AddressKey(boolean v6, long hi, long lo) {

    static AddressKey of(byte[] a) {
        if (a.length == 4) {
            return new AddressKey(false, 0, ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8)
                    | (a[3] & 0xffL));
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (a[i] & 0xffL);
            lo = (lo << 8) | (a[i + 8] & 0xffL);
        }
        return new AddressKey(true, hi, lo);
    }

    static AddressKey of(InetAddress a) {
        return of(a.getAddress());
    }

    int bits() {
        return v6 ? 128 : 32;
    }

    /** This address with every bit after the first {@code prefix} cleared. */
    AddressKey masked(int prefix) {
        if (!v6) {
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return new AddressKey(false, 0, lo & mask);
        }
        long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new AddressKey(true, hi & hiMask, lo & loMask);
    }
}
