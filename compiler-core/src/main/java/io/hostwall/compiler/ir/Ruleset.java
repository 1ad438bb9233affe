package io.hostwall.compiler.ir;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * The complete, backend-neutral firewall plan of one node. Deterministic: the same input gives an equal
 * ruleset, and lists are in a fixed order (base chains in packet order, chains and sets sorted by name).
 * Chain and set names fit the strictest backend (chains at most 28 characters of {@code [A-Za-z0-9_.-]},
 * sets at most 31 of {@code [A-Za-z0-9_-]}).
 */
public record Ruleset(
        String node,
        ImmutableList<BaseChain> baseChains,
        ImmutableList<Chain> chains,
        ImmutableList<IpSet> sets,
        MarkBits marks) {

    public Optional<Chain> chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<IpSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
