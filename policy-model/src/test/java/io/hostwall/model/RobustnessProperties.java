package io.hostwall.model;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Loading never throws anything but {@link ManifestException}, for any text: random junk in YAML's and JSON's
 * alphabet, arbitrary Unicode, arbitrary bytes, and valid manifests with random damage. Every problem prints on one
 * line and none is an internal error.
 */
class RobustnessProperties {
    private static final String YAML_ALPHABET = "abcdefghijklmnopqrstuvwxyzABC0123456789 \t\n\r:-,[]{}#&*!|>'\"%@`?~.=/\\()<";
    /** Fragments that mean something to YAML or to the loader, spliced into valid manifests. */
    private static final List<String> SPLICES = List.of(": ", "- ", "\n", "\n  ", "\n    - ", "{", "}", "[", "]",
            "&a ", "*a", "<<: *a", "!!binary ", "!!int ", "? ", "---\n", "...\n", "\t", "'", "\"", "null", "~", "0x1F",
            "1e400", "-1", "65536", "\"1:0\"", "global()", "kind: List\nitems: [", "apiVersion: v1\n", "%YAML 1.2\n",
            "\u0000", "\uFEFF", "\"a\\nb\"", "\"x\\u0007\"", "\uD83D\uDE00", "ports: [", "spec: ", "metadata: ", "name: ", "9999999999999999999999");
    private static final List<String> BASES = bases();

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(YAML_ALPHABET.toCharArray()).ofMaxLength(200),
                Arbitraries.strings().all().ofMaxLength(100));
    }

    @Provide
    Arbitrary<String> mutated() {
        return Arbitraries.of(BASES).flatMap(base -> Arbitraries.randomValue(random -> mutate(base, random)));
    }

    @Property(tries = 1000)
    void junkOnlyEverFailsWithManifestException(@ForAll("junk") String text) {
        loadsOrExplains("junk.yaml", text);
        loadsOrExplains("junk.json", text);
    }

    @Property(tries = 300)
    void arbitraryBytesOnlyEverFailWithManifestException(@ForAll byte[] bytes) {
        try {
            ManifestLoader.loadStream("bytes.yaml", new ByteArrayInputStream(bytes));
        } catch (ManifestException e) {
            wellFormed(e);
        }
    }

    @Property(tries = 1000)
    void damagedManifestsOnlyEverFailWithManifestException(@ForAll("mutated") String text) {
        loadsOrExplains("damaged.yaml", text);
    }

    private static void loadsOrExplains(String source, String text) {
        try {
            ManifestLoader.loadText(source, text);
        } catch (ManifestException e) {
            wellFormed(e);
        }
    }

    private static void wellFormed(ManifestException e) {
        assertFalse(e.problems().isEmpty());
        for (Problem p : e.problems()) {
            String printed = p.toString();
            assertFalse(printed.contains("internal error"), printed);
            assertTrue(printed.chars().noneMatch(c -> c < 0x20 || c == 0x7f), () -> "control character in: " + printed);
        }
    }

    private static String mutate(String base, Random random) {
        StringBuilder sb = new StringBuilder(base);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            switch (random.nextInt(5)) {
                case 0 -> sb.insert(at, SPLICES.get(random.nextInt(SPLICES.size())));
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(12)));
                case 2 -> {
                    int end = Math.min(sb.length(), at + 1 + random.nextInt(30));
                    sb.insert(random.nextInt(sb.length() + 1), sb.substring(at, end));
                }
                case 3 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, YAML_ALPHABET.charAt(random.nextInt(YAML_ALPHABET.length())));
                    }
                }
                default -> swapLines(sb, random);
            }
        }
        return sb.toString();
    }

    private static void swapLines(StringBuilder sb, Random random) {
        List<String> lines = new ArrayList<>(List.of(sb.toString().split("\n", -1)));
        if (lines.size() < 2) {
            return;
        }
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        String t = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, t);
        sb.setLength(0);
        sb.append(String.join("\n", lines));
    }

    /** The tutorial, plus one manifest of every kind that uses most fields. */
    private static List<String> bases() {
        List<String> bases = new ArrayList<>();
        try (var files = Files.list(RepositoryFiles.examples("protect-hosts"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                bases.add(Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bases.add(Manifests.rule("action: Allow", "protocol: TCP", "ipVersion: 4", "source:", "  nets: [10.0.0.0/8]",
                "  notNets: [10.1.0.0/16]", "  selector: role == 'db'", "destination:", "  ports: [22, \"80:90\", http]",
                "  namespaceSelector: global()", "metadata: {annotations: {a: b}}", "http: {methods: [GET]}"));
        bases.add(Manifests.hep("node: node1", "interfaceName: eth0", "expectedIPs: [10.0.0.1]", "profiles: [p]",
                "ports:", "  - {name: web, protocol: TCP, port: 80}"));
        bases.add(Manifests.resource("GlobalNetworkSet", "s", "nets: [10.0.0.1, 192.0.2.0/24]"));
        bases.add(Manifests.resource("Tier", "default", "order: 1000000", "defaultAction: Deny"));
        bases.add(Manifests.resource("FelixConfiguration", "default", "failsafeInboundHostPorts:",
                "  - {protocol: TCP, port: 22, net: 10.0.0.0/8}"));
        bases.add("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{\"apiVersion\": \"projectcalico.org/v3\","
                + " \"kind\": \"Profile\", \"metadata\": {\"name\": \"p\"}, \"spec\": {\"labelsToApply\": {\"a\": \"b\"},"
                + " \"egress\": [{\"action\": \"Allow\", \"protocol\": 6, \"destination\": {\"ports\": [443]}}]}}]}");
        return List.copyOf(bases);
    }
}
