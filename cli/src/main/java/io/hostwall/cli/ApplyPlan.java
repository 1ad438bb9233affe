package io.hostwall.cli;

import io.hostwall.dataplane.DataplaneSnapshot;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.DriftDetector;
import io.hostwall.dataplane.ObservedState;
import java.util.Optional;

/**
 * What one {@code hostwall apply} writes: the delta from the state file's record when the kernel still holds exactly
 * that (as far as sizes and the learned fingerprints of the kernel's listings show), else a full replace. A full
 * replace is always correct (the dataplane swaps everything hostwall owns in one transaction, hooks included, so
 * nothing is duplicated and there is no moment without rules); the delta only saves work.
 *
 * @param delta the steps
 * @param detector the fingerprints known so far; after the write it learns the rest
 * @param basis why this delta, for the summary line: {@code delta} or {@code full replace: REASON}
 */
record ApplyPlan(Delta delta, DriftDetector detector, String basis) {

    /**
     * Plans the write of {@code desired}.
     *
     * @param desired the node's objects
     * @param snapshot what the state file records, or empty with {@code why}
     * @param why why there is no snapshot
     * @param observed what the kernel holds, or empty when it could not be read (dry run only)
     * @return the plan
     */
    static ApplyPlan of(DesiredState desired, Optional<DataplaneSnapshot> snapshot, String why,
            Optional<ObservedState> observed) {
        if (snapshot.isEmpty()) {
            return full(desired, why);
        }
        if (observed.isEmpty()) {
            return full(desired, "the kernel could not be read");
        }
        DataplaneSnapshot s = snapshot.get();
        DriftDetector detector = new DriftDetector(s.fingerprints());
        DriftDetector.Drift drift = detector.check(s.written(), observed.get());
        if (!drift.isEmpty()) {
            return full(desired, "the kernel differs from the state file (" + drift.missing().size() + " missing, "
                    + drift.drifted().size() + " changed, " + drift.unexpected().size() + " unexpected)");
        }
        return new ApplyPlan(Delta.between(s.written(), desired), detector, "delta");
    }

    private static ApplyPlan full(DesiredState desired, String why) {
        return new ApplyPlan(Delta.replaceAll(desired), new DriftDetector(), "full replace: " + why);
    }
}
