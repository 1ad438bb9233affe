package io.hostwall.model.validation;

import io.hostwall.model.ModelRules;
import io.hostwall.model.PortSpec;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.ManifestNode;
import io.hostwall.model.yaml.ProblemReport;
import io.hostwall.model.yaml.Scalars;
import java.util.Optional;

/**
 * One {@code ports}/{@code notPorts} entry: an int, a digit-only string (the same port), {@code "min:max"}, or a
 * named port. Calico decodes the value first (a reversed or oversized range does not decode) and then checks
 * 1..65535.
 */
final class PortField {
    private PortField() {}

    static Optional<PortSpec> read(ManifestNode node, FieldPath path, ProblemReport report) {
        if (node instanceof ManifestNode.Scalar s && s.type() == ManifestNode.ScalarType.INTEGER) {
            return Scalars.integer(node, path, report).flatMap(n -> single(Long.toString(n), node, path, report));
        }
        if (node instanceof ManifestNode.Scalar s && s.type() == ManifestNode.ScalarType.FLOAT) {
            report.add(node, path, "a port is a whole number, got " + s.text());
            return Optional.empty();
        }
        if (!(node instanceof ManifestNode.Scalar s) || s.type() != ManifestNode.ScalarType.STRING) {
            report.add(node, path, "expected a port number, a range \"min:max\" or a port name, got "
                    + node.describe());
            return Optional.empty();
        }
        String text = s.text();
        int colon = text.indexOf(':');
        if (colon < 0 && allDigits(text, 0, text.length())) {
            return single(text, node, path, report);
        }
        if (colon >= 0 && allDigits(text, 0, colon) && allDigits(text, colon + 1, text.length())) {
            return range(text, text.substring(0, colon), text.substring(colon + 1), node, path, report);
        }
        Optional<String> problem = ModelRules.namedPortProblem(text);
        if (problem.isPresent()) {
            report.add(node, path, problem.get());
            return Optional.empty();
        }
        return Optional.of(new PortSpec.NamedPort(text));
    }

    private static Optional<PortSpec> single(String digits, ManifestNode node, FieldPath path, ProblemReport report) {
        long port = value(digits);
        Optional<String> problem = ModelRules.portProblem(digits, port);
        if (problem.isPresent()) {
            report.add(node, path, problem.get());
            return Optional.empty();
        }
        return Optional.of(PortSpec.port((int) port));
    }

    private static Optional<PortSpec> range(String text, String low, String high, ManifestNode node, FieldPath path,
            ProblemReport report) {
        long first = value(low);
        long last = value(high);
        Optional<String> problem = ModelRules.portRangeProblem(text, low, high, first, last);
        if (problem.isPresent()) {
            report.add(node, path, problem.get());
            return Optional.empty();
        }
        return Optional.of(PortSpec.range((int) first, (int) last));
    }

    /** {@code [0-9]+} between {@code from} and {@code to} (a range is {@code [0-9]+:[0-9]+}). */
    private static boolean allDigits(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The number, or anything above 65535 when it has too many digits to matter. */
    private static long value(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++; // leading zeros, without compiling a regular expression per port
        }
        return digits.length() - start > 9 ? Long.MAX_VALUE : Long.parseLong(digits, start, digits.length(), 10);
    }
}
