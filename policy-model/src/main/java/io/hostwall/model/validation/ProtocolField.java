package io.hostwall.model.validation;

import io.hostwall.model.ModelRules;
import io.hostwall.model.Names;
import io.hostwall.model.Protocol;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.ManifestNode;
import io.hostwall.model.yaml.ProblemReport;
import io.hostwall.model.yaml.Scalars;
import java.util.Locale;
import java.util.Optional;

/** {@code protocol} / {@code notProtocol}: a case-sensitive Calico name or a number 1..255. */
final class ProtocolField {
    static final String NAMES = "TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite";

    private ProtocolField() {}

    static Optional<Protocol> read(ManifestNode node, FieldPath path, ProblemReport report) {
        if (node instanceof ManifestNode.Scalar s && s.type() == ManifestNode.ScalarType.INTEGER) {
            return Scalars.integer(node, path, report).flatMap(n -> number(n, node, path, report));
        }
        if (node instanceof ManifestNode.Scalar s && s.type() == ManifestNode.ScalarType.FLOAT) {
            report.add(node, path, "a protocol number is a whole number, got " + s.text());
            return Optional.empty();
        }
        if (!(node instanceof ManifestNode.Scalar s) || s.type() != ManifestNode.ScalarType.STRING) {
            report.add(node, path, "expected a protocol name or number, got " + node.describe());
            return Optional.empty();
        }
        String text = s.text();
        // Calico's numorstring decodes a numeric string as the number.
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return number(Long.parseLong(text), node, path, report);
        }
        Optional<Protocol> named = Protocol.fromCalicoName(text);
        if (named.isEmpty()) {
            String hint = Protocol.fromCalicoName(canonicalCase(text))
                    .map(p -> " (names are case-sensitive: did you mean \"" + p.calicoName() + "\"?)")
                    .orElse(" (case-sensitive)");
            report.add(node, path, "unknown protocol " + Names.quote(text) + "; expected " + NAMES
                    + " or a number 1..255" + hint);
        }
        return named;
    }

    private static Optional<Protocol> number(long n, ManifestNode node, FieldPath path, ProblemReport report) {
        Optional<String> problem = ModelRules.protocolNumberProblem(n);
        if (problem.isPresent()) {
            report.add(node, path, problem.get());
            return Optional.empty();
        }
        return Optional.of(new Protocol((int) n));
    }

    private static String canonicalCase(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> "TCP";
            case "udp" -> "UDP";
            case "icmp" -> "ICMP";
            case "icmpv6" -> "ICMPv6";
            case "sctp" -> "SCTP";
            case "udplite" -> "UDPLite";
            default -> text;
        };
    }
}
