package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * The node as the oracle sees it: which host endpoint owns which interface (SEMANTICS §1), the all-interfaces
 * ({@code *}) endpoint, the workload interface prefixes and the failsafe lists.
 */
record NodePlan(
        ImmutableMap<String, HepPlan> byInterface,
        Optional<HepPlan> allInterfaces,
        ImmutableList<String> workloadPrefixes,
        Failsafes failsafes) {

    boolean isWorkload(String iface) {
        for (String prefix : workloadPrefixes) {
            if (iface.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The endpoint named for {@code iface} (by name or by expected IP), ignoring the {@code *} endpoint. */
    Optional<HepPlan> named(String iface) {
        return Optional.ofNullable(byInterface.get(iface));
    }

    /** The named endpoint, else the {@code *} endpoint: how the normal and forward stages look up. */
    Optional<HepPlan> namedOrAll(String iface) {
        return named(iface).or(() -> allInterfaces);
    }
}
