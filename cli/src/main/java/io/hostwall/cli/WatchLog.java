package io.hostwall.cli;

import io.hostwall.compiler.agent.ApplyReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * {@code hostwall watch}'s log on stderr: one line per event, each starting with the UTC time, e.g.
 * {@code 2026-12-03T10:30:00.123Z delta applied: chains +1 -0, ...; 412 bytes; compile 3 ms, apply 9 ms}.
 */
final class WatchLog {
    private final PrintWriter err;
    private final Clock clock;

    WatchLog(PrintWriter err, Clock clock) {
        this.err = err;
        this.clock = clock;
    }

    /** One apply, resync or failure of the agent. */
    void report(ApplyReport r) {
        line(r.summary());
    }

    /** Anything else, e.g. {@code reload failed: FILE:LINE: ...}. */
    synchronized void line(String text) {
        err.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + text);
        err.flush();
    }
}
