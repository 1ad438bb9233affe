package io.hostwall.model;

import java.util.Optional;

/**
 * An IP protocol number 1..255. Calico's names ({@code TCP}, {@code UDP}, {@code ICMP}, {@code ICMPv6},
 * {@code SCTP}, {@code UDPLite}) map to their numbers; two protocols are equal when their numbers are.
 */
public record Protocol(int number) {
    /** ICMP, protocol 1. */
    public static final Protocol ICMP = new Protocol(1);
    /** TCP, protocol 6. */
    public static final Protocol TCP = new Protocol(6);
    /** UDP, protocol 17. */
    public static final Protocol UDP = new Protocol(17);
    /** ICMPv6, protocol 58. */
    public static final Protocol ICMPV6 = new Protocol(58);
    /** SCTP, protocol 132. */
    public static final Protocol SCTP = new Protocol(132);
    /** UDP-Lite, protocol 136. */
    public static final Protocol UDPLITE = new Protocol(136);

    /**
     * Checks the number.
     *
     * @param number the IP protocol number, 1..255
     * @throws IllegalArgumentException if the number is outside 1..255
     */
    public Protocol {
        if (number < 1 || number > 255) {
            throw new IllegalArgumentException("protocol number must be 1..255: " + number);
        }
    }

    /**
     * The protocol of one of Calico's case-sensitive names ({@code TCP}, {@code UDP}, {@code ICMP},
     * {@code ICMPv6}, {@code SCTP}, {@code UDPLite}).
     *
     * @param name the name
     * @return the protocol, or empty for any other text
     */
    public static Optional<Protocol> fromCalicoName(String name) {
        return switch (name) {
            case "TCP" -> Optional.of(TCP);
            case "UDP" -> Optional.of(UDP);
            case "ICMP" -> Optional.of(ICMP);
            case "ICMPv6" -> Optional.of(ICMPV6);
            case "SCTP" -> Optional.of(SCTP);
            case "UDPLite" -> Optional.of(UDPLITE);
            default -> Optional.empty();
        };
    }

    /** {@return true for TCP, UDP and SCTP, which carry ports Calico can match (not UDPLite, as in Calico)} */
    public boolean supportsPorts() {
        return number == 6 || number == 17 || number == 132;
    }

    /** {@return true for ICMP (IPv4)} */
    public boolean isIcmp() {
        return number == 1;
    }

    /** {@return true for ICMPv6} */
    public boolean isIcmpV6() {
        return number == 58;
    }

    /** {@return Calico's name for well-known protocols, else the number} */
    public String calicoName() {
        return switch (number) {
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 58 -> "ICMPv6";
            case 132 -> "SCTP";
            case 136 -> "UDPLite";
            default -> Integer.toString(number);
        };
    }

    @Override
    public String toString() {
        return calicoName();
    }
}
