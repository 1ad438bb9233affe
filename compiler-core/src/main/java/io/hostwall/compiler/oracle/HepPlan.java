package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.model.Direction;
import io.hostwall.model.HostEndpoint;

/**
 * Everything the oracle needs about one of the node's host endpoints, computed once: per stage, the tiers that take
 * part (SEMANTICS §2), and per direction the profiles.
 *
 * @param untracked whether any doNotTrack policy applies (only then does the raw stage look at the endpoint)
 * @param preDnat whether any preDNAT policy applies (only then does the mangle stage look at the endpoint)
 * @param forward whether any forward policy applies, in either direction (else forward traffic is allowed)
 */
record HepPlan(
        HostEndpoint endpoint,
        ImmutableMap<Stage, ImmutableList<TierRun>> tiers,
        ImmutableMap<Direction, ImmutableList<RuleList>> profiles,
        boolean untracked,
        boolean preDnat,
        boolean forward) {

    ImmutableList<TierRun> tiers(Stage stage) {
        return tiers.getOrDefault(stage, ImmutableList.of());
    }

    ImmutableList<RuleList> profiles(Direction direction) {
        return profiles.getOrDefault(direction, ImmutableList.of());
    }

    String name() {
        return endpoint.name();
    }
}
