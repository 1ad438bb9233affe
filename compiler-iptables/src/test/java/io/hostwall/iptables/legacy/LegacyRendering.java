package io.hostwall.iptables.legacy;

import io.hostwall.dataplane.DesiredState;
import io.hostwall.ir.Ruleset;

/** The oracle's package-private entry points, for the differential tests (the copied files stay as they were). */
public final class LegacyRendering {
    private LegacyRendering() {}

    /** The old {@code DesiredObjects.of}. */
    public static DesiredState desired(Ruleset ruleset, String tag) {
        return DesiredObjects.of(ruleset, tag);
    }
}
