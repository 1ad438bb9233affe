package io.hostwall.model;

import java.util.OptionalInt;

/**
 * Calico's ICMP fields: an optional type (0..254) and, only with a type, an optional code (0..255).
 *
 * @param type the ICMP type
 * @param code the ICMP code; needs a type
 */
public record IcmpMatch(OptionalInt type, OptionalInt code) {
    /**
     * Checks the ranges and that a code comes with a type.
     *
     * @param type the ICMP type
     * @param code the ICMP code; needs a type
     * @throws InvalidResourceException if a value is out of range or a code has no type
     */
    public IcmpMatch {
        Checks.nonNull(type, "type");
        Checks.nonNull(code, "code");
        if (type.isPresent()) {
            Checks.check("type", ModelRules.icmpTypeProblem(type.getAsInt()));
        }
        if (code.isPresent()) {
            Checks.check("code", ModelRules.icmpCodeProblem(code.getAsInt()));
        }
        Checks.check("code", ModelRules.icmpCodeWithoutTypeProblem(type.isPresent(), code.isPresent()));
    }

    /**
     * Every ICMP message ({@code icmp: {}}).
     *
     * @return a match with neither type nor code
     */
    public static IcmpMatch any() {
        return new IcmpMatch(OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * One ICMP type, any code.
     *
     * @param type 0..254
     * @return the match
     * @throws InvalidResourceException if the type is out of range
     */
    public static IcmpMatch type(int type) {
        return new IcmpMatch(OptionalInt.of(type), OptionalInt.empty());
    }

    /**
     * One ICMP type and code.
     *
     * @param type 0..254
     * @param code 0..255
     * @return the match
     * @throws InvalidResourceException if a value is out of range
     */
    public static IcmpMatch typeAndCode(int type, int code) {
        return new IcmpMatch(OptionalInt.of(type), OptionalInt.of(code));
    }
}
