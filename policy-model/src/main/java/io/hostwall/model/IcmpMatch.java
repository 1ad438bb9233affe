package io.hostwall.model;

import java.util.OptionalInt;

/** Calico's ICMP fields: an optional type (0..254) and, only with a type, an optional code (0..255). */
public record IcmpMatch(OptionalInt type, OptionalInt code) {
    /**
     * Checks that a code comes with a type.
     *
     * @param type the ICMP type, 0..254
     * @param code the ICMP code, 0..255, only with a type
     * @throws IllegalArgumentException if there is a code without a type
     */
    public IcmpMatch {
        if (code.isPresent() && type.isEmpty()) {
            throw new IllegalArgumentException("ICMP code without type");
        }
    }

    /** {@return the match of every ICMP type and code} */
    public static IcmpMatch any() {
        return new IcmpMatch(OptionalInt.empty(), OptionalInt.empty());
    }
}
