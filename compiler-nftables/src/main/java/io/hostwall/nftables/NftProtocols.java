package io.hostwall.nftables;

import java.util.Optional;

/** How protocol numbers are spelled. */
final class NftProtocols {
    static final int ICMP = 1;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMPV6 = 58;
    static final int SCTP = 132;

    private NftProtocols() {}

    /**
     * The value of {@code meta l4proto} / an {@code inet_proto} element. Only the four protocols nft knows as
     * keywords get a name; everything else is a number, because nft resolves other names through
     * /etc/protocols, which minimal images lack ({@code meta l4proto ipv6-icmp} fails there: "Could not resolve
     * protocol name"; {@code icmpv6} does not).
     */
    static String name(int number) {
        return switch (number) {
            case ICMP -> "icmp";
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMPV6 -> "icmpv6";
            default -> {
                if (number < 0 || number > 255) {
                    throw new IllegalArgumentException("protocol number out of range: " + number);
                }
                yield Integer.toString(number);
            }
        };
    }

    /** {@link #name} as an expression: a symbol for the four named protocols, otherwise a number. */
    static Nft.Expr expr(int number) {
        String name = name(number);
        return Character.isDigit(name.charAt(0)) ? Nft.Num.of(number) : new Nft.Sym(name);
    }

    /**
     * The header keyword for port matches of {@code number}: {@code tcp}, {@code udp} or {@code sctp}, each of
     * which makes nft add the matching {@code meta l4proto} test itself. Empty for other protocols.
     */
    static Optional<String> portHeader(int number) {
        return switch (number) {
            case TCP -> Optional.of("tcp");
            case UDP -> Optional.of("udp");
            case SCTP -> Optional.of("sctp");
            default -> Optional.empty();
        };
    }

    /** Whether {@link #portHeader} is present, without an {@code Optional} (asked for every port match). */
    static boolean hasPortHeader(int number) {
        return number == TCP || number == UDP || number == SCTP;
    }
}
