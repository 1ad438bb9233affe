package io.hostwall.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name rules of Kubernetes and Calico that manifests must follow. Each check returns what is wrong, or empty
 * when the text is fine, so callers can phrase the problem for their field.
 */
public final class Names {
    /** The most characters of a DNS-1123 subdomain. */
    public static final int MAX_SUBDOMAIN = 253;
    /** The most characters of a DNS-1123 label, a label value or the name part of a qualified name. */
    public static final int MAX_LABEL = 63;

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_LABEL_PATTERN = Pattern.compile(DNS_LABEL);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")*");
    /** Calico's globalNetworkPolicyNameRegex: a label, optionally one dot and another (e.g. a tier prefix). */
    private static final Pattern GNP_NAME = Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")?");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern IANA_SERVICE_NAME = Pattern.compile("[-a-z0-9]+");

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
        return s.length() <= MAX_LABEL && DNS_LABEL_PATTERN.matcher(s).matches();
    }

    /**
     * Whether a text is a DNS-1123 subdomain ({@link #SUBDOMAIN_RULE}).
     *
     * @param s the text to check
     * @return true when {@code s} follows the rule
     */
    public static boolean isDnsSubdomain(String s) {
        return s.length() <= MAX_SUBDOMAIN && DNS_SUBDOMAIN.matcher(s).matches();
    }

    /**
     * Whether a text is a valid {@code GlobalNetworkPolicy} name: a DNS label, optionally a dot and another
     * (Calico's globalNetworkPolicyNameRegex).
     *
     * @param s the text to check
     * @return true when {@code s} follows the rule
     */
    public static boolean isGlobalNetworkPolicyName(String s) {
        return s.length() <= MAX_SUBDOMAIN && GNP_NAME.matcher(s).matches();
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
        if (!QUALIFIED_NAME_PART.matcher(name).matches()) {
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
        return value.length() <= MAX_LABEL && LABEL_VALUE.matcher(value).matches();
    }

    /**
     * Whether a text is a valid port name: Kubernetes' IANA_SVC_NAME ({@link #PORT_NAME_RULE}).
     *
     * @param s the text to check
     * @return true when {@code s} follows the rule
     */
    public static boolean isPortName(String s) {
        return !s.isEmpty() && s.length() <= 15 && IANA_SERVICE_NAME.matcher(s).matches()
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
}
