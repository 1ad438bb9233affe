package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link FuzzCampaign} for both targets: a short run in every build (so the campaign cannot rot), a long one
 * on request: {@code mvn -B -o verify -pl cli -am -Dtest=FuzzCampaignTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfuzz.inputs=1000000 [-Dfuzz.parse.inputs=1000000] [-Dfuzz.seed=N]}. Failing inputs are saved under {@code target/fuzz-crashes/}.
 */
class FuzzCampaignTest {
    private static final long INPUTS = Long.getLong("fuzz.inputs", 2_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261203);
    private static final Path CRASHES = Path.of("target", "fuzz-crashes");

    private static void report(String target, FuzzCampaign.Result r) {
        System.out.printf("[fuzz] %s: seed %d, %d inputs (%d refused with exit 2 / located errors), %d crashes, %d hangs"
                + " over 1 s, peak heap %d MiB, %.1f s%n", target, SEED, r.inputs(), r.refused(), r.crashes(), r.hangs(),
                r.peakHeapBytes() >> 20, r.millis() / 1000.0);
    }

    @Test
    void commandLine() {
        FuzzCampaign.Result r = new FuzzCampaign(SEED).args(INPUTS, CRASHES.resolve("args"));
        report("args", r);
        assertEquals(0, r.crashes(), "crashes saved in " + CRASHES);
        assertEquals(0, r.hangs(), "hangs saved in " + CRASHES);
        assertTrue(r.refused() > 0 && r.refused() < r.inputs(), "the mutations reach both refusal and success");
    }

    @Test
    void argumentParsing() {
        // The parser alone is cheap: a build runs fifty times the inputs of the executing targets.
        FuzzCampaign.Result r = new FuzzCampaign(SEED).parse(Long.getLong("fuzz.parse.inputs", INPUTS * 50),
                CRASHES.resolve("parse"));
        report("parse", r);
        assertEquals(0, r.crashes(), "crashes saved in " + CRASHES);
        assertEquals(0, r.hangs(), "hangs saved in " + CRASHES);
        assertTrue(r.refused() > 0 && r.refused() < r.inputs(), "the mutations reach both refusal and success");
    }

    @Test
    void pipeline() {
        FuzzCampaign.Result r = new FuzzCampaign(SEED).pipeline(INPUTS, CRASHES.resolve("pipeline"));
        report("pipeline", r);
        assertEquals(0, r.crashes(), "crashes saved in " + CRASHES);
        assertEquals(0, r.hangs(), "hangs saved in " + CRASHES);
        assertTrue(r.refused() > 0 && r.refused() < r.inputs(), "the mutations reach both refusal and success");
    }
}
