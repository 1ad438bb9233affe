package io.hostwall.dataplane;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link Dataplane#apply} wrote.
 *
 * @param steps how many delta steps it carried out
 * @param bytes how many bytes of commands it gave the kernel tools
 * @param transactions how many tool runs it took (1 for nft; per table and ipset for iptables)
 * @param duration how long it took, tools included
 */
public record ApplyResult(int steps, long bytes, int transactions, Duration duration) {
    /**
     * Checks the parts.
     *
     * @param steps delta steps carried out
     * @param bytes bytes of commands written
     * @param transactions tool runs
     * @param duration time taken
     */
    public ApplyResult {
        Objects.requireNonNull(duration, "duration");
    }
}
