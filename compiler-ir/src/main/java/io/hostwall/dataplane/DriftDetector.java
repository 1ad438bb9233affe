package io.hostwall.dataplane;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Finds hostwall's objects that are no longer as hostwall left them. The kernel lists rules in its own normal form,
 * so the desired text cannot be compared with what is read; instead the detector learns each object's fingerprint
 * at the first read after hostwall wrote it — and only when the object then has the desired size — and from then on
 * reports the object as drifted when it is missing, its size differs from the desired size, or its fingerprint
 * differs from the learned one. What changes between that write and that first read with the size kept is not
 * seen (the price of not parsing the kernel's listing); a changed size always is.
 *
 * <p>Use: after every successful apply call {@link #written(Delta)}, which forgets what the delta rewrote; at each
 * resync call {@link #check} with the state last written and what {@link Dataplane#read()} found, then give
 * {@link Drift#drifted()} to {@link Delta#repair}. Not thread-safe: one agent thread owns it.
 */
public final class DriftDetector {
    private final TreeMap<ObjectId, String> learned;

    /** A detector that has learned nothing yet. */
    public DriftDetector() {
        this(ImmutableSortedMap.of());
    }

    /**
     * A detector that starts from fingerprints learned earlier (e.g. by a previous run, from a {@link
     * DataplaneSnapshot}).
     *
     * @param learned object → fingerprint
     */
    public DriftDetector(Map<ObjectId, String> learned) {
        this.learned = new TreeMap<>(Objects.requireNonNull(learned, "learned"));
    }

    /**
     * What one check found.
     *
     * @param missing desired objects the kernel lacks (or all of them, when hostwall's container is gone)
     * @param drifted desired objects present in the kernel but not as hostwall left them
     * @param unexpected objects the kernel holds in hostwall's name that are not desired
     * @param learned objects whose fingerprint this check learned
     */
    public record Drift(ImmutableSortedSet<ObjectId> missing, ImmutableSortedSet<ObjectId> drifted,
            ImmutableSortedSet<ObjectId> unexpected, ImmutableSortedSet<ObjectId> learned) {
        /**
         * Checks the parts.
         *
         * @param missing desired objects the kernel lacks
         * @param drifted desired objects not as hostwall left them
         * @param unexpected objects not desired
         * @param learned objects whose fingerprint was learned
         */
        public Drift {
            Objects.requireNonNull(missing, "missing");
            Objects.requireNonNull(drifted, "drifted");
            Objects.requireNonNull(unexpected, "unexpected");
            Objects.requireNonNull(learned, "learned");
        }

        /** {@return whether the kernel holds exactly what hostwall wants, as far as can be seen} */
        public boolean isEmpty() {
            return missing.isEmpty() && drifted.isEmpty() && unexpected.isEmpty();
        }

        /** {@return how many objects need repair} */
        public int count() {
            return missing.size() + drifted.size() + unexpected.size();
        }
    }

    /**
     * Compares what the kernel holds with what hostwall wrote, learning fingerprints of objects seen for the first
     * time since they were written.
     *
     * @param desired the state last written
     * @param observed what the kernel holds now
     * @return what is missing, drifted or unexpected
     */
    public Drift check(DesiredState desired, ObservedState observed) {
        ImmutableSortedSet.Builder<ObjectId> missing = ImmutableSortedSet.naturalOrder();
        ImmutableSortedSet.Builder<ObjectId> drifted = ImmutableSortedSet.naturalOrder();
        ImmutableSortedSet.Builder<ObjectId> unexpected = ImmutableSortedSet.naturalOrder();
        ImmutableSortedSet.Builder<ObjectId> learnedNow = ImmutableSortedSet.naturalOrder();
        for (DesiredObject want : desired.objects().values()) {
            ObservedState.Observed seen = observed.objects().get(want.id());
            if (seen == null) {
                // hostwall's rules in a foreign chain are found by reading them: no rules wanted, none found.
                if (want.id().kind() != ObjectKind.HOOKS || want.size() > 0) {
                    missing.add(want.id());
                }
                learned.remove(want.id());
            } else if (seen.size() != want.size()) {
                drifted.add(want.id());
                learned.remove(want.id());
            } else {
                String known = learned.get(want.id());
                if (known == null) {
                    learned.put(want.id(), seen.fingerprint());
                    learnedNow.add(want.id());
                } else if (!known.equals(seen.fingerprint())) {
                    drifted.add(want.id());
                    learned.remove(want.id());
                }
            }
        }
        for (ObjectId id : observed.objects().keySet()) {
            if (!desired.objects().containsKey(id)) {
                unexpected.add(id);
            }
        }
        learned.keySet().retainAll(desired.objects().keySet());
        return new Drift(missing.build(), drifted.build(), unexpected.build(), learnedNow.build());
    }

    /**
     * Forgets the fingerprints of every object {@code delta} wrote (all of them for a {@link DeltaOp.ReplaceAll}),
     * so the next check learns them again.
     *
     * @param delta a delta that was applied successfully
     */
    public void written(Delta delta) {
        for (DeltaOp op : delta.ops()) {
            if (op instanceof DeltaOp.ReplaceAll) {
                learned.clear();
                return;
            }
            learned.remove(op.target());
        }
    }

    /** Forgets every fingerprint, e.g. after a failed apply whose effect is not known. */
    public void forgetAll() {
        learned.clear();
    }

    /** {@return the fingerprints learned so far, by object} */
    public ImmutableSortedMap<ObjectId, String> fingerprints() {
        return ImmutableSortedMap.copyOf(learned);
    }
}
