package io.hostwall.net;

/** An IP version. Calico's {@code ipVersion: 4|6}. */
public enum IpFamily {
    V4(4, 32),
    V6(6, 128);

    private final int version;
    private final int bits;

    IpFamily(int version, int bits) {
        this.version = version;
        this.bits = bits;
    }

    public int version() {
        return version;
    }

    /** Address width in bits. */
    public int bits() {
        return bits;
    }

    public static IpFamily of(java.net.InetAddress address) {
        return address instanceof java.net.Inet4Address ? V4 : V6;
    }
}
