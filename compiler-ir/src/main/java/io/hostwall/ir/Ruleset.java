package io.hostwall.ir;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * The complete, backend-neutral firewall plan of one node. Deterministic: the same input gives an equal
 * ruleset, and lists are in a fixed order (base chains in packet order, chains and sets sorted by name).
 * Chain names are at most 128 characters of {@code [A-Za-z0-9_.-]} (a backend with a shorter limit, such as
 * iptables' 28, maps longer names stably); set names are at most 31 characters of {@code [A-Za-z0-9_-]}, so
 * every backend uses them as they are.
 */
public record Ruleset(
        String node,
        ImmutableList<BaseChain> baseChains,
        ImmutableList<Chain> chains,
        ImmutableList<IpSet> sets,
        MarkBits marks) {

    /**
     * The regular chain called {@code name}.
     *
     * @param name the chain's name
     * @return the chain, or empty if the ruleset has none of that name
     */
    public Optional<Chain> chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The set called {@code name}.
     *
     * @param name the set's name
     * @return the set, or empty if the ruleset has none of that name
     */
    public Optional<IpSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
