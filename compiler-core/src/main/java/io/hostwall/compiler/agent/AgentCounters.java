package io.hostwall.compiler.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link NodeAgent} has done since it was built; a consistent snapshot, safe to read from any thread.
 *
 * @param applies successful writes to the kernel (starts, deltas, repairs, retries)
 * @param failures refused writes and failed reads
 * @param compileFailures compiles that failed (the last good ruleset stayed in force)
 * @param compiles compiles run
 * @param repairs resyncs that found drift and repaired it
 * @param resyncs resyncs run
 * @param noOpSyncs syncs and resyncs that had nothing to write
 * @param skippedChanges changes that could not concern this node and so cost no compile
 * @param bytes bytes of commands given to the kernel tools
 * @param totalApplyTime time spent writing the kernel
 * @param lastApplyTime the last write's time
 * @param totalCompileTime time spent compiling
 * @param lastCompileTime the last compile's time
 */
public record AgentCounters(long applies, long failures, long compileFailures, long compiles, long repairs,
        long resyncs, long noOpSyncs, long skippedChanges, long bytes, Duration totalApplyTime,
        Duration lastApplyTime, Duration totalCompileTime, Duration lastCompileTime) {

    /**
     * Checks the durations.
     *
     * @param applies successful writes
     * @param failures refused writes and failed reads
     * @param compileFailures failed compiles
     * @param compiles compiles run
     * @param repairs resyncs that repaired drift
     * @param resyncs resyncs run
     * @param noOpSyncs syncs with nothing to write
     * @param skippedChanges changes that cost nothing
     * @param bytes bytes written
     * @param totalApplyTime time writing
     * @param lastApplyTime the last write's time
     * @param totalCompileTime time compiling
     * @param lastCompileTime the last compile's time
     */
    public AgentCounters {
        Objects.requireNonNull(totalApplyTime, "totalApplyTime");
        Objects.requireNonNull(lastApplyTime, "lastApplyTime");
        Objects.requireNonNull(totalCompileTime, "totalCompileTime");
        Objects.requireNonNull(lastCompileTime, "lastCompileTime");
    }

    /** {@return all zero} */
    public static AgentCounters zero() {
        return new AgentCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO);
    }

    /** {@return the counters as one line for logs} */
    public String summary() {
        return "applies " + applies + ", failures " + failures + ", compile failures " + compileFailures
                + ", compiles " + compiles + ", repairs " + repairs + "/" + resyncs + " resyncs, no-op syncs "
                + noOpSyncs + ", skipped changes " + skippedChanges + ", " + bytes + " bytes, apply "
                + totalApplyTime.toMillis() + " ms (last " + lastApplyTime.toMillis() + "), compile "
                + totalCompileTime.toMillis() + " ms (last " + lastCompileTime.toMillis() + ")";
    }
}
