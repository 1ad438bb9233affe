package io.hostwall.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The name rules of Kubernetes and Calico that manifests must follow. Each check returns what is wrong, or empty
 * when the text is fine, so callers can phrase the problem for their field.
 */
public final class Names {
    /** The most characters of a DNS-1123 subdomain. */
    public static final int MAX_SUBDOMAIN = 253;
    /** The most characters of a DNS-1123 label, a label value or the name part of a qualified name. */
    public static final int MAX_LABEL = 63;


    /** The DNS-1123 subdomain rule in words, for problem messages. */
    public static final String SUBDOMAIN_RULE = "lower-case letters, digits, '-' and '.', starting and ending with a letter"
            + " or digit, at most 253 characters (DNS-1123 subdomain)";
    /** The label value rule in words, for problem messages. */
    public static final String LABEL_VALUE_RULE = "at most 63 characters of letters, digits, '-', '_' and '.', starting and"
            + " ending with a letter or digit";
    /** The port name rule in words, for problem messages. */
    public static final String PORT_NAME_RULE = "at most 15 lower-case letters, digits and '-', with at least one letter,"
            + " no '--' and no '-' at either end";

    private Names() {}

    /**
     * Whether a text is a DNS-1123 label (at most 63 lower-case letters, digits and {@code -}).
     *
     * @param s the text to check
     * @return true when {@code s} follows the rule
     */
    public static boolean isDnsLabel(String s) {
        return s.length() <= MAX_LABEL && isDnsLabel(s, 0, s.length());
    }

    /**
     * Whether a text is a DNS-1123 subdomain ({@link #SUBDOMAIN_RULE}).
     *
     * @param s the text to check
     * @return true when {@code s} follows the rule
     */
    public static boolean isDnsSubdomain(String s) {
        return s.length() <= MAX_SUBDOMAIN && dnsLabels(s) >= 1;
    }

    /**
     * Whether a text is a valid {@code GlobalNetworkPolicy} name: a DNS label, optionally a dot and another
     * (Calico's globalNetworkPolicyNameRegex).
     *
     * @param s the text to check
     * @return true when {@code s} follows the rule
     */
    public static boolean isGlobalNetworkPolicyName(String s) {
        int labels = s.length() <= MAX_SUBDOMAIN ? dnsLabels(s) : 0;
        return labels == 1 || labels == 2;
    }

    /**
     * Checks Kubernetes' qualified name ({@code [prefix/]name}), the rule for label and annotation keys.
     *
     * @param key the key to check
     * @return what is wrong with it, or empty when it is fine
     */
    public static Optional<String> qualifiedNameProblem(String key) {
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            if (key.indexOf('/', slash + 1) >= 0) {
                return Optional.of("a key may contain at most one '/'");
            }
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || !isDnsSubdomain(prefix)) {
                return Optional.of("the prefix before '/' must be a DNS-1123 subdomain (" + SUBDOMAIN_RULE + ")");
            }
        }
        if (name.isEmpty()) {
            return Optional.of("the name part must not be empty");
        }
        if (name.length() > MAX_LABEL) {
            return Optional.of("the name part must be at most 63 characters");
        }
        if (!isQualifiedNamePart(name)) {
            return Optional.of("the name part must consist of letters, digits, '-', '_' and '.', starting and ending"
                    + " with a letter or digit");
        }
        return Optional.empty();
    }

    /**
     * Whether a text is a valid label value ({@link #LABEL_VALUE_RULE}; empty is allowed).
     *
     * @param value the text to check
     * @return true when {@code value} follows the rule
     */
    public static boolean isLabelValue(String value) {
        return value.length() <= MAX_LABEL && (value.isEmpty() || isQualifiedNamePart(value));
    }

    /**
     * Whether a text is a valid port name: Kubernetes' IANA_SVC_NAME ({@link #PORT_NAME_RULE}).
     *
     * @param s the text to check
     * @return true when {@code s} follows the rule
     */
    public static boolean isPortName(String s) {
        return !s.isEmpty() && s.length() <= 15 && isIanaServiceName(s)
                && s.chars().anyMatch(c -> c >= 'a' && c <= 'z')
                && !s.contains("--") && !s.startsWith("-") && !s.endsWith("-");
    }

    /**
     * Whether a text is a valid interface name under Calico's rule; {@code *} is handled by the caller.
     *
     * @param s the text to check
     * @return true when {@code s} follows the rule
     */
    public static boolean isInterfaceName(String s) {
        return io.hostwall.net.InterfaceName.isValid(s);
    }

    /**
     * Checks an annotation key; annotation keys are checked lower-cased (Kubernetes' ValidateAnnotations).
     *
     * @param key the key to check
     * @return what is wrong with it, or empty when it is fine
     */
    public static Optional<String> annotationKeyProblem(String key) {
        return qualifiedNameProblem(key.toLowerCase(Locale.ROOT));
    }

    /**
     * {@code s} with control characters escaped ({@code \u000a}), so that a problem always prints on one line and
     * input cannot forge lines of a report.
     *
     * @param s the text
     * @return the text with control characters escaped
     */
    public static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(String.format("\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** How much of a long name or value a message shows. */
    public static final int SHOWN = 64;

    /**
     * {@code s} for a message, cut: at most {@value #SHOWN} characters, then {@code … (N characters)}. Input of
     * any size gives a short problem line.
     *
     * @param s a name or value as written
     * @return {@code s} if it is short, else its start and its length
     */
    public static String cut(String s) {
        if (s.length() <= SHOWN) {
            return printable(s);
        }
        int end = Character.isHighSurrogate(s.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
        return printable(s.substring(0, end)) + "… (" + s.length() + " characters)";
    }

    /**
     * {@code s} in double quotes for a message, escaped and cut like {@link #cut}: {@code "aaaa…" (300 characters)}.
     *
     * @param s a name or value as written
     * @return the quoted, escaped, cut text
     */
    public static String quote(String s) {
        boolean isLong = s.length() > SHOWN;
        String shown = isLong ? s.substring(0, Character.isHighSurrogate(s.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN) : s;
        return "\"" + printable(shown.replace("\\", "\\\\").replace("\"", "\\\""))
                + (isLong ? "…\" (" + s.length() + " characters)" : "\"");
    }

    // The name rules as loops rather than regular expressions: they run for every name, label and port name of a
    // load (issue 10). NamesTest checks them against the expressions they replace.

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} on {@code s[from, to)}. */
    private static boolean isDnsLabel(String s, int from, int to) {
        if (from >= to || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The number of dot-separated DNS labels of {@code s}, or 0 when it is not such a list. */
    private static int dnsLabels(String s) {
        int labels = 0;
        int from = 0;
        while (true) {
            int dot = s.indexOf('.', from);
            int to = dot < 0 ? s.length() : dot;
            if (!isDnsLabel(s, from, to)) {
                return 0;
            }
            labels++;
            if (dot < 0) {
                return labels;
            }
            from = dot + 1;
        }
    }

    /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}. */
    private static boolean isQualifiedNamePart(String s) {
        if (s.isEmpty() || !isAlphanumeric(s.charAt(0)) || !isAlphanumeric(s.charAt(s.length() - 1))) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (!(isAlphanumeric(c) || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** {@code [-a-z0-9]+}. */
    private static boolean isIanaServiceName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
