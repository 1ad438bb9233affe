package io.hostwall.model;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Small manifests for tests, laid out so line numbers are easy to predict: {@code apiVersion} is line 1, the name
 * line 4, {@code spec:} line 5, and the first spec line is line 6. In {@link #rule}, {@code ingress:} is line 6 and
 * the rule's first field line 7.
 */
final class Manifests {
    static final String SOURCE = "t.yaml";

    private Manifests() {}

    static String resource(String kind, String name, String... specLines) {
        return "apiVersion: projectcalico.org/v3\n"
                + "kind: " + kind + "\n"
                + "metadata:\n"
                + "  name: " + name + "\n"
                + "spec:\n"
                + indent("  ", specLines);
    }

    static String gnp(String... specLines) {
        return resource("GlobalNetworkPolicy", "p", specLines);
    }

    /** A policy with one ingress rule; the first line is the rule's first field (line 7). */
    static String rule(String... ruleLines) {
        return gnp(concat(List.of("ingress:", "  - " + ruleLines[0]),
                Arrays.stream(ruleLines).skip(1).map(l -> "    " + l).toList()));
    }

    static String hep(String... specLines) {
        return resource("HostEndpoint", "h", specLines);
    }

    /** The problems of loading {@code yaml} as {@link #SOURCE}, printed. */
    static List<String> problems(String yaml) {
        try {
            ManifestLoader.loadText(SOURCE, yaml);
            return List.of();
        } catch (ManifestException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    static PolicySet load(String yaml) {
        try {
            return ManifestLoader.loadText(SOURCE, yaml);
        } catch (ManifestException e) {
            throw new AssertionError("does not load: " + e.getMessage(), e);
        }
    }

    private static String indent(String prefix, String... lines) {
        return Arrays.stream(lines).map(l -> prefix + l + "\n").collect(Collectors.joining());
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
