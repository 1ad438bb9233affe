package io.hostwall.iptables.legacy;

import io.hostwall.ir.HashedNames;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iptables chain names for IR chain names. The kernel keeps 29 bytes including the NUL and Felix stays at 28
 * (FR §10), while IR names may have up to 128 characters; a longer name is shortened the way Felix's
 * {@code GetLengthLimitedID} does it ({@link HashedNames#lengthLimited}, the compiler's rule for IR names too), cut
 * to 28, where the head is the readable start of the name ({@code hw-pi-}). The result is stable and, with 90+ bits
 * of hash, unique in practice; {@link TableRenderer} still checks that no two chains of a table end up with one name.
 *
 * <p>A name is kept as it is only when it is at most 28 characters of {@code [A-Za-z0-9_.-]}, does not start with
 * {@code -} (restore would read an option) and contains a {@code -}. The last rule keeps chain names apart from
 * target names: iptables resolves {@code -j LOG} to the LOG target even when a chain LOG exists, and restore does
 * not refuse to declare one; no target name contains a {@code -}. Every other name is hashed, so a hostile name
 * never reaches the document.
 */
final class ChainNames {
    static final int MAX = 28;

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]*");
    /** The readable head: {@code <prefix>-<kind>-}, e.g. {@code hw-pi-}, at most 12 characters. */
    private static final Pattern HEAD = Pattern.compile("^([A-Za-z][A-Za-z0-9]{0,5}-(?:[A-Za-z0-9]{1,5}-)?)");
    /** Head of names that have no readable head of their own; it contains a {@code -} like every name here. */
    private static final String FALLBACK_HEAD = "x-";

    private ChainNames() {}

    /** The iptables name of IR chain {@code irName}. */
    static String of(String irName) {
        String head = head(irName);
        String rest = irName.substring(Math.min(head.length(), irName.length()));
        boolean readable = irName.startsWith(head);
        if (readable && SAFE.matcher(irName).matches() && irName.contains("-")) {
            return HashedNames.lengthLimited(head, rest, MAX);
        }
        // Unsafe or head-less names: always hashed, over the whole name.
        return hashed(head, irName);
    }

    /**
     * The name of a helper chain the backend adds for rule {@code index} of chain {@code irName}. Always hashed,
     * over a text no IR name can have (it contains a NUL), so it cannot meet an IR chain's name.
     */
    static String helper(String irName, int index, String role) {
        return hashed(head(irName), irName + "\u0000" + role + "\u0000" + index);
    }

    private static String hashed(String head, String hashInput) {
        return HashedNames.hashed(head, hashInput, MAX);
    }

    private static String head(String irName) {
        Matcher m = HEAD.matcher(irName);
        return m.find() ? m.group(1) : FALLBACK_HEAD;
    }
}
