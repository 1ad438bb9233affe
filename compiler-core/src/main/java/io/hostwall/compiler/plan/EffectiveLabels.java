package io.hostwall.compiler.plan;

import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Profile;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels selectors see on a host endpoint: the {@code labelsToApply} of its profiles (in order, later ones
 * winning), overridden by the endpoint's own labels — Calico's label inheritance.
 */
public final class EffectiveLabels {
    private final Map<String, Profile> profiles;

    public EffectiveLabels(PolicySet set) {
        this.profiles = new TreeMap<>();
        for (Profile p : set.profiles()) {
            profiles.put(p.name(), p);
        }
    }

    ImmutableSortedMap<String, String> of(HostEndpoint hep) {
        if (hep.profiles().isEmpty()) {
            return hep.labels();
        }
        Map<String, String> labels = new TreeMap<>();
        for (String name : hep.profiles()) {
            Profile p = profiles.get(name);
            if (p != null) {
                labels.putAll(p.labelsToApply());
            }
        }
        labels.putAll(hep.labels());
        return ImmutableSortedMap.copyOf(labels);
    }
}
