package io.hostwall.model;

import java.util.Optional;

/**
 * An IP protocol number 1..255. Calico's names ({@code TCP}, {@code UDP}, {@code ICMP}, {@code ICMPv6},
 * {@code SCTP}, {@code UDPLite}) map to their numbers; two protocols are equal when their numbers are.
 *
 * @param number the IP protocol number, 1..255
 */
public record Protocol(int number) {
    /** ICMP (1). */
    public static final Protocol ICMP = new Protocol(1);
    /** TCP (6). */
    public static final Protocol TCP = new Protocol(6);
    /** UDP (17). */
    public static final Protocol UDP = new Protocol(17);
    /** ICMPv6 (58). */
    public static final Protocol ICMPV6 = new Protocol(58);
    /** SCTP (132). */
    public static final Protocol SCTP = new Protocol(132);
    /** UDPLite (136). */
    public static final Protocol UDPLITE = new Protocol(136);

    /**
     * Checks the number.
     *
     * @param number the IP protocol number
     * @throws InvalidResourceException if it is not 1..255
     */
    public Protocol {
        Checks.check("", ModelRules.protocolNumberProblem(number));
    }

    /**
     * Calico's case-sensitive protocol names.
     *
     * @param name the name as written, e.g. {@code TCP}
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

    /**
     * TCP, UDP and SCTP carry ports Calico can match (UDPLite does not count, as in Calico).
     *
     * @return whether rules may match ports of this protocol
     */
    public boolean supportsPorts() {
        return number == 6 || number == 17 || number == 132;
    }

    /**
     * ICMP (1).
     *
     * @return whether this is ICMP
     */
    public boolean isIcmp() {
        return number == 1;
    }

    /**
     * ICMPv6 (58).
     *
     * @return whether this is ICMPv6
     */
    public boolean isIcmpV6() {
        return number == 58;
    }

    /**
     * Calico's name for well-known protocols, else the number.
     *
     * @return e.g. {@code TCP} or {@code 47}
     */
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
