package io.hostwall.model;

import java.util.OptionalInt;

/** Calico's ICMP fields: an optional type (0..254) and, only with a type, an optional code (0..255). */
public record IcmpMatch(OptionalInt type, OptionalInt code) {
    public IcmpMatch {
        if (code.isPresent() && type.isEmpty()) {
            throw new IllegalArgumentException("ICMP code without type");
        }
    }

    public static IcmpMatch any() {
        return new IcmpMatch(OptionalInt.empty(), OptionalInt.empty());
    }
}
