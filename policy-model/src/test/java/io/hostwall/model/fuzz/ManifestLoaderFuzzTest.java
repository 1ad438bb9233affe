package io.hostwall.model.fuzz;

import io.hostwall.model.Problem;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the manifest loader, bytes in. The first byte picks the format (odd, such as {@code y}: YAML; even, such as {@code j}: JSON),
 * the rest is the file. A finding is any exception other than {@link ManifestException}, a problem that leaks a
 * parser's internals or is longer than {@value #MAX_PROBLEM_CHARS} characters, or one input taking more than a second
 * of CPU. {@code mvn verify} replays the committed corpus in {@code ManifestLoaderFuzzTestInputs/loadBytes}; a
 * campaign: see policy-model/README.md, "Fuzzing".
 */
class ManifestLoaderFuzzTest {
    static final int MAX_PROBLEM_CHARS = 1000;
    static final long MAX_CPU_NANOS = 1_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<String> INTERNALS = List.of("StreamReadConstraints", "JsonReadFeature", "Source:",
            "REDACTED", "VALUE_EMBEDDED_OBJECT", "org.yaml", "com.fasterxml", "java.lang", "Exception", "`");

    static {
        // Class loading and the first, interpreted runs are not the input's cost: warm up before measuring.
        String yaml = "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: w}\nspec:\n"
                + "  selector: role == 'web'\n  ingress: [{action: Allow, protocol: TCP, destination: {ports: [80]}}]\n";
        for (int i = 0; i < 200; i++) {
            run("warm.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            run("warm.json", "{\"a\": [1, \"b\", {\"c\": null}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            run("warm.yaml", "a: [\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static void run(String source, byte[] content) {
        try {
            ManifestLoader.loadStream(source, new ByteArrayInputStream(content));
        } catch (ManifestException e) {
            // expected for most inputs
        }
    }

    @FuzzTest(maxDuration = "10m")
    void loadBytes(byte[] input) {
        if (input.length == 0) {
            return;
        }
        check((input[0] & 1) == 1 ? "fuzz.yaml" : "fuzz.json", Arrays.copyOfRange(input, 1, input.length));
    }

    /**
     * The same target for Jazzer's standalone driver ({@code --target_class}), which runs a campaign outside Maven.
     *
     * @param input the fuzzer's bytes
     */
    public static void fuzzerTestOneInput(byte[] input) {
        new ManifestLoaderFuzzTest().loadBytes(input);
    }

    /**
     * Loads {@code content} as {@code source} and fails on anything but a clean result or clean problems.
     *
     * @param source the name, whose extension picks the format
     * @param content the bytes
     */
    static void check(String source, byte[] content) {
        String input = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            ManifestLoader.loadStream(source, new ByteArrayInputStream(content));
        } catch (ManifestException e) {
            for (Problem p : e.problems()) {
                String text = p.toString();
                if (text.length() > MAX_PROBLEM_CHARS) {
                    throw new AssertionError("problem of " + text.length() + " characters: "
                            + text.substring(0, 200));
                }
                for (String internal : INTERNALS) {
                    // What the input itself says may be quoted back (cut) in a message; only the parsers' words leak.
                    if (text.contains(internal) && !input.contains(internal)) {
                        throw new AssertionError("parser internals (" + internal + ") in: " + text);
                    }
                }
            }
        }
        long used = THREADS.getCurrentThreadCpuTime() - cpu;
        if (used > MAX_CPU_NANOS) {
            throw new AssertionError("one input took " + used / 1_000_000 + " ms of CPU");
        }
    }
}
