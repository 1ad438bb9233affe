package io.hostwall.cli;

import java.util.function.Supplier;

/**
 * What counts as a crash for the fuzz targets (issue 11): an exception other than the project's located errors
 * (the targets catch those), an exit code other than 0, 1 or 2, or an input that takes more than a second. A slow
 * input is run a second time before it counts, so that a pause of the shared machine is not reported as a hang.
 */
final class FuzzChecks {
    /** An input that takes longer than this is a hang. */
    static final long HANG_NANOS = 1_000_000_000L;

    private FuzzChecks() {}

    /** Runs {@code work}; throws when it takes more than a second twice in a row. */
    static <T> T timed(String what, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        long took = System.nanoTime() - start;
        if (took > HANG_NANOS) {
            start = System.nanoTime();
            work.get();
            long again = System.nanoTime() - start;
            if (again > HANG_NANOS) {
                throw new AssertionError("hang: " + what + " took " + took / 1_000_000 + " ms, then "
                        + again / 1_000_000 + " ms");
            }
        }
        return result;
    }
}
