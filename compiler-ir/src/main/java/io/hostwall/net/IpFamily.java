package io.hostwall.net;

/** An IP version. Calico's {@code ipVersion: 4|6}. */
public enum IpFamily {
    /** IPv4. */
    V4(4, 32),
    /** IPv6. */
    V6(6, 128);

    private final int version;
    private final int bits;

    IpFamily(int version, int bits) {
        this.version = version;
        this.bits = bits;
    }

    /** {@return the version number: 4 or 6} */
    public int version() {
        return version;
    }

    /** {@return the address width in bits: 32 or 128} */
    public int bits() {
        return bits;
    }

    /**
     * The family of an address.
     *
     * @param address the address
     * @return {@link #V4} for an {@link java.net.Inet4Address}, else {@link #V6}
     */
    public static IpFamily of(java.net.InetAddress address) {
        return address instanceof java.net.Inet4Address ? V4 : V6;
    }
}
