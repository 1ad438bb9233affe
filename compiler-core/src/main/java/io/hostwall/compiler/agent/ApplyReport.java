package io.hostwall.compiler.agent;

import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What one sync, resync or retry of a {@link NodeAgent} did.
 *
 * @param kind what ran
 * @param outcome what came of it
 * @param message why it failed, or what there was nothing to do about; empty when applied
 * @param changes what was written
 * @param drifted objects a resync found missing, drifted or unexpected (0 for other kinds)
 * @param bytes bytes of commands given to the kernel tools
 * @param compileTime time spent compiling (zero when nothing was compiled)
 * @param applyTime time spent writing (and, for a resync, reading) the kernel
 */
public record ApplyReport(Kind kind, Outcome outcome, String message, Changes changes, int drifted, long bytes,
        Duration compileTime, Duration applyTime) {

    /** What ran. */
    public enum Kind {
        /** The first apply of an agent: a ReplaceAll, or a delta from a snapshot of an earlier run. */
        START,
        /** Changes to the cluster or the node's facts, recompiled and written as a delta. */
        DELTA,
        /** A read of the kernel and the repair of what drifted. */
        RESYNC,
        /** The first apply after a failure: a ReplaceAll of the desired state. */
        RETRY
    }

    /** What came of it. */
    public enum Outcome {
        /** The kernel was written. */
        APPLIED,
        /** The kernel already held what is wanted, or no change concerned this node: nothing was written. */
        NOTHING_TO_DO,
        /** A compile error (the kernel untouched, the last good ruleset in force) or a refused write. */
        FAILED
    }

    /**
     * Counts of what a delta wrote.
     *
     * @param chainsWritten chains filled with rules (new, changed or repaired)
     * @param chainsDeleted chains deleted and not created again
     * @param setsCreated sets created or replaced
     * @param setsDeleted sets deleted
     * @param elementsAdded elements added to sets
     * @param elementsRemoved elements removed from sets
     * @param hooksSynced foreign chains whose hostwall rules were reconciled or removed
     */
    public record Changes(int chainsWritten, int chainsDeleted, int setsCreated, int setsDeleted, int elementsAdded,
            int elementsRemoved, int hooksSynced) {

        /** {@return no change} */
        public static Changes none() {
            return new Changes(0, 0, 0, 0, 0, 0, 0);
        }

        /**
         * Counts what {@code delta} writes.
         *
         * @param delta the delta
         * @return its counts
         */
        public static Changes of(Delta delta) {
            int chains = 0;
            int deleted = 0;
            int created = 0;
            int setsDeleted = 0;
            int added = 0;
            int removed = 0;
            int hooks = 0;
            Set<Object> recreated = new HashSet<>();
            for (DeltaOp op : delta.ops()) {
                if (op instanceof DeltaOp.CreateChain c) {
                    recreated.add(c.target());
                }
            }
            for (DeltaOp op : delta.ops()) {
                if (op instanceof DeltaOp.ReplaceAll r) {
                    for (DesiredObject o : r.state().objects().values()) {
                        if (o instanceof DesiredObject.Chain) {
                            chains++;
                        } else if (o instanceof DesiredObject.Set s) {
                            created++;
                            added += s.size();
                        } else {
                            hooks++;
                        }
                    }
                } else if (op instanceof DeltaOp.AddRules || op instanceof DeltaOp.EditRules) {
                    chains++;
                } else if (op instanceof DeltaOp.DeleteChain d && !recreated.contains(d.target())) {
                    deleted++;
                } else if (op instanceof DeltaOp.CreateSet c) {
                    created++;
                    added += c.set().size();
                } else if (op instanceof DeltaOp.ReplaceSet c) {
                    created++;
                    added += c.set().size();
                } else if (op instanceof DeltaOp.DeleteSet) {
                    setsDeleted++;
                } else if (op instanceof DeltaOp.AddElements a) {
                    added += a.elements().size();
                } else if (op instanceof DeltaOp.DeleteElements d) {
                    removed += d.elements().size();
                } else if (op instanceof DeltaOp.SyncHooks || op instanceof DeltaOp.RemoveHooks) {
                    hooks++;
                }
            }
            return new Changes(chains, deleted, created, setsDeleted, added, removed, hooks);
        }

        /** {@return the counts as one line, e.g. {@code chains +3 -1, sets +0 -0, elements +1 -0, hooks 0}} */
        @Override
        public String toString() {
            return "chains +" + chainsWritten + " -" + chainsDeleted + ", sets +" + setsCreated + " -" + setsDeleted
                    + ", elements +" + elementsAdded + " -" + elementsRemoved + ", hooks " + hooksSynced;
        }
    }

    /**
     * Checks the parts.
     *
     * @param kind what ran
     * @param outcome what came of it
     * @param message why it failed, or empty
     * @param changes what was written
     * @param drifted objects a resync found out of place
     * @param bytes bytes written
     * @param compileTime time compiling
     * @param applyTime time writing
     */
    public ApplyReport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(compileTime, "compileTime");
        Objects.requireNonNull(applyTime, "applyTime");
    }

    /** {@return whether the kernel was written} */
    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }

    /** {@return whether it failed} */
    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /**
     * One line for logs, e.g. {@code delta applied: chains +2 -0, sets +0 -0, elements +1 -0, hooks 0; 412 bytes;
     * compile 3 ms, apply 9 ms}.
     *
     * @return the line
     */
    public String summary() {
        StringBuilder b = new StringBuilder(kind.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (!message.isEmpty()) {
            b.append(": ").append(message);
        }
        if (outcome == Outcome.APPLIED) {
            b.append(": ").append(changes).append("; ").append(bytes).append(" bytes");
        }
        if (kind == Kind.RESYNC) {
            b.append("; ").append(drifted).append(" drifted");
        }
        b.append("; compile ").append(compileTime.toMillis()).append(" ms, apply ").append(applyTime.toMillis())
                .append(" ms");
        return b.toString();
    }
}
