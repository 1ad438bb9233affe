package io.hostwall.model.yaml;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed reading of scalars, with the problem reported at the scalar's line when the type is wrong. The rules follow
 * what Calico's JSON decoding accepts, plus one YAML convenience that Kubernetes' YAML decoding also has: an
 * unquoted YAML number or boolean is taken verbatim where a string is expected.
 */
public final class Scalars {
    /** Up to 18 digits are always within a long. */
    private static final int MAX_SAFE_DIGITS = 18;
    private static final Pattern DECIMAL_NUMBER =
            Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Scalars() {}

    public static Optional<String> string(ManifestNode node, FieldPath path, ProblemReport report) {
        if (node instanceof ManifestNode.Scalar s) {
            if (s.type() == ManifestNode.ScalarType.STRING) {
                return Optional.of(s.text());
            }
            if (s.yaml() && s.type() != ManifestNode.ScalarType.NULL) {
                return Optional.of(s.text());
            }
        }
        report.add(node, path, "expected a string, got " + node.describe());
        return Optional.empty();
    }

    public static Optional<Boolean> bool(ManifestNode node, FieldPath path, ProblemReport report) {
        if (node instanceof ManifestNode.Scalar s && s.type() == ManifestNode.ScalarType.BOOLEAN) {
            return Optional.of(s.text().equalsIgnoreCase("true"));
        }
        if (node instanceof ManifestNode.Scalar s && s.yaml() && s.type() == ManifestNode.ScalarType.STRING
                && s.text().matches("(?i)yes|no|on|off|y|n")) {
            report.add(node, path, "expected true or false, got \"" + s.text()
                    + "\" (YAML 1.1 words like yes/no/on/off are not booleans here)");
            return Optional.empty();
        }
        report.add(node, path, "expected true or false, got " + node.describe());
        return Optional.empty();
    }

    /** An integer written in plain decimal; other spellings (0x1F, 010, 1_000) are ambiguous across YAML versions. */
    public static Optional<Long> integer(ManifestNode node, FieldPath path, ProblemReport report) {
        if (!(node instanceof ManifestNode.Scalar s) || s.type() != ManifestNode.ScalarType.INTEGER) {
            String got = node instanceof ManifestNode.Scalar s && s.type() == ManifestNode.ScalarType.STRING
                    ? "the string \"" + s.text() + "\"" : node instanceof ManifestNode.Scalar s2
                            && s2.type() == ManifestNode.ScalarType.FLOAT ? s2.text() : node.describe();
            report.add(node, path, "expected an integer, got " + got);
            return Optional.empty();
        }
        if (!isDecimalInteger(s.text())) {
            report.add(node, path, "write integers in plain decimal (no leading zeros, 0x, 0o or _), got " + s.text());
            return Optional.empty();
        }
        String digits = s.text().startsWith("+") ? s.text().substring(1) : s.text();
        if (digits.length() - (digits.startsWith("-") ? 1 : 0) <= MAX_SAFE_DIGITS) {
            return Optional.of(Long.parseLong(digits)); // cannot overflow: at most 18 digits and a sign
        }
        BigInteger value = new BigInteger(digits);
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
            report.add(node, path, "number " + s.text() + " is too large");
            return Optional.empty();
        }
        return Optional.of(value.longValueExact());
    }

    /** {@code [-+]?(0|[1-9][0-9]*)}, as a loop: this runs for every port and order of a load. */
    private static boolean isDecimalInteger(String text) {
        int i = text.isEmpty() || (text.charAt(0) != '-' && text.charAt(0) != '+') ? 0 : 1;
        if (i == text.length()) {
            return false;
        }
        if (text.charAt(i) == '0') {
            return i + 1 == text.length();
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A finite number, integer or not ({@code order} is a float in Calico). */
    public static Optional<Double> number(ManifestNode node, FieldPath path, ProblemReport report) {
        if (!(node instanceof ManifestNode.Scalar s) || (s.type() != ManifestNode.ScalarType.INTEGER
                && s.type() != ManifestNode.ScalarType.FLOAT)) {
            report.add(node, path, "expected a number, got " + node.describe());
            return Optional.empty();
        }
        if (!DECIMAL_NUMBER.matcher(s.text()).matches()) {
            report.add(node, path, "expected a finite decimal number, got " + s.text());
            return Optional.empty();
        }
        double value = Double.parseDouble(s.text());
        if (!Double.isFinite(value)) {
            report.add(node, path, "number " + s.text() + " is too large");
            return Optional.empty();
        }
        // -0 stays -0 here: the records (GlobalNetworkPolicy, Tier) store an order of -0 as 0.
        return Optional.of(value);
    }
}
