package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableMap;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.Profile;
import java.util.HashMap;
import java.util.Map;

/** SEMANTICS §1: a host endpoint's effective labels. */
final class HepLabels {
    private HepLabels() {}

    /**
     * The {@code labelsToApply} of the endpoint's profiles in {@code spec.profiles} order (later ones override
     * earlier ones), overridden by the endpoint's own labels. A profile that is not defined contributes nothing
     * (for this node's endpoints that is a compile error, checked elsewhere).
     */
    static ImmutableMap<String, String> of(HostEndpoint hep, Map<String, Profile> profiles) {
        Map<String, String> labels = new HashMap<>();
        for (String name : hep.profiles()) {
            Profile p = profiles.get(name);
            if (p != null) {
                labels.putAll(p.labelsToApply());
            }
        }
        labels.putAll(hep.labels());
        return ImmutableMap.copyOf(labels);
    }
}
