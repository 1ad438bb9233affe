package io.hostwall.selector.fuzz;

import io.hostwall.selector.Selector;
import io.hostwall.selector.SelectorSyntaxException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the selector parser. A finding is any exception other than
 * {@link SelectorSyntaxException}, a selector whose canonical text does not parse back to an equal selector, a
 * syntax message longer than 1,000 characters, or one input taking more than a second of CPU. {@code mvn verify}
 * replays the committed corpus in {@code SelectorFuzzTestInputs/parse}; a campaign: see policy-model/README.md,
 * "Fuzzing".
 */
class SelectorFuzzTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * The same target for Jazzer's standalone driver ({@code --target_class}), which runs a campaign outside Maven.
     *
     * @param input the fuzzer's bytes
     */
    public static void fuzzerTestOneInput(byte[] input) {
        new SelectorFuzzTest().parse(input);
    }

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            Selector s = Selector.parse(text);
            Selector again = Selector.parse(s.toString());
            if (!again.equals(s) || !again.toString().equals(s.toString())) {
                throw new AssertionError("canonical text does not round-trip: " + s + " -> " + again);
            }
            s.matches(Map.of());
            s.matches(Map.of("a", "b", "role", "web"));
        } catch (SelectorSyntaxException e) {
            String message = String.valueOf(e.getMessage());
            if (message.length() > 1000) {
                throw new AssertionError("syntax message of " + message.length() + " characters");
            }
        }
        long used = THREADS.getCurrentThreadCpuTime() - cpu;
        if (used > 1_000_000_000L) {
            throw new AssertionError("one input took " + used / 1_000_000 + " ms of CPU");
        }
    }
}
