package io.hostwall.net;

import java.util.regex.Pattern;

/**
 * The one rule for Linux interface names in hostwall: what the model accepts in a HostEndpoint's
 * {@code interfaceName} and what every backend renders.
 *
 * <p>A name is valid when both Calico and the kernel take it: Calico's alphabet ({@code [a-zA-Z0-9_.-]}, which
 * keeps quotes, blanks and shell or ruleset syntax out) and the kernel's {@code dev_valid_name}: not empty, at most
 * 15 bytes ({@code IFNAMSIZ} is 16 with the NUL), not {@code "."} or {@code ".."}, no {@code '/'}, {@code ':'} or
 * white space. The kernel would take more characters; the backends would not quote them safely, so they are refused
 * here, once, rather than by a backend at render time.
 *
 * <p>A prefix (workload interfaces such as {@code cali}, rendered as {@code cali+} or {@code "cali*"}) is 1 to
 * {@value #MAX_PREFIX_LENGTH} characters of the same alphabet: the wildcard takes the last byte, and any such prefix
 * is the start of some valid name, so {@code "."} is a fine prefix.
 */
public final class InterfaceName {
    /** {@code IFNAMSIZ - 1}: the longest name the kernel keeps. */
    public static final int MAX_LENGTH = 15;
    /** The longest prefix: iptables' {@code +} and nft's {@code *} need the last byte. */
    public static final int MAX_PREFIX_LENGTH = MAX_LENGTH - 1;
    /** The rule in words, for messages. */
    public static final String RULE = "1-15 characters of letters, digits, '_', '.' and '-', other than \".\" and"
            + " \"..\"";

    private static final Pattern ALPHABET = Pattern.compile("[a-zA-Z0-9_.-]+");

    private InterfaceName() {}

    /**
     * Whether {@code name} is an interface name every backend renders and the kernel could carry.
     *
     * @param name a candidate name
     * @return true when the name follows {@link #RULE}
     */
    public static boolean isValid(String name) {
        return !name.isEmpty() && name.length() <= MAX_LENGTH && ALPHABET.matcher(name).matches()
                && !name.equals(".") && !name.equals("..");
    }

    /**
     * Whether {@code prefix} can be rendered as an interface-name prefix ({@code prefix+}, {@code "prefix*"}).
     *
     * @param prefix a candidate prefix
     * @return true for 1 to {@value #MAX_PREFIX_LENGTH} characters of letters, digits, '_', '.' and '-'
     */
    public static boolean isValidPrefix(String prefix) {
        return !prefix.isEmpty() && prefix.length() <= MAX_PREFIX_LENGTH && ALPHABET.matcher(prefix).matches();
    }
}
