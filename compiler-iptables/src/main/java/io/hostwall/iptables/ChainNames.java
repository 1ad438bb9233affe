package io.hostwall.iptables;

import io.hostwall.ir.HashedNames;

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

    /** Head of names that have no readable head of their own; it contains a {@code -} like every name here. */
    private static final String FALLBACK_HEAD = "x-";

    private ChainNames() {}

    /** The iptables name of IR chain {@code irName}. */
    static String of(String irName) {
        int headLength = headLength(irName);
        if (headLength > 0 && safe(irName)) {
            // contains a '-': every head ends with one
            if (irName.length() < MAX || (irName.length() == MAX && irName.charAt(headLength) != '_')) {
                return irName; // what HashedNames.lengthLimited(head, rest, MAX) gives for a short name
            }
            return HashedNames.lengthLimited(irName.substring(0, headLength), irName.substring(headLength), MAX);
        }
        // Unsafe or head-less names: always hashed, over the whole name.
        return hashed(head(irName), irName);
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
        int n = headLength(irName);
        return n > 0 ? irName.substring(0, n) : FALLBACK_HEAD;
    }

    /**
     * The length of the readable head {@code irName} starts with, 0 when none: a letter and up to five more letters
     * or digits, a {@code -}, then, if there, one to five letters or digits and a {@code -} (e.g. {@code hw-pi-}),
     * at most 13 characters. (Written out rather than as a regular expression: naming every chain of a large node
     * went through the matcher, a tenth of a render.)
     */
    static int headLength(String irName) {
        int n = irName.length();
        if (n == 0 || !letter(irName.charAt(0))) {
            return 0;
        }
        int i = 1;
        while (i < n && i < 6 && alnum(irName.charAt(i))) {
            i++;
        }
        if (i >= n || irName.charAt(i) != '-') {
            return 0;
        }
        int first = i + 1;
        int j = first;
        while (j < n && j - first < 5 && alnum(irName.charAt(j))) {
            j++;
        }
        return j > first && j < n && irName.charAt(j) == '-' ? j + 1 : first;
    }

    /** Whether the name is only {@code [A-Za-z0-9_.-]}, at least one, not starting with {@code -}. */
    static boolean safe(String irName) {
        if (irName.isEmpty() || irName.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < irName.length(); i++) {
            char c = irName.charAt(i);
            if (!alnum(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean alnum(char c) {
        return letter(c) || (c >= '0' && c <= '9');
    }
}
