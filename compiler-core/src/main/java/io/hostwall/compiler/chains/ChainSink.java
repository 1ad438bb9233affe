package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrRule;
import java.util.HashMap;

/** Collects the regular chains of a compile; a chain is defined once, and redefining it differently is a bug. */
public final class ChainSink {
    // Hashed, sorted once in all(): profiling showed lookups comparing long, shared-prefix names in a tree.
    private final HashMap<String, Chain> chains = new HashMap<>();

    /** Adds the chain unless an equal one exists; returns its name. */
    String add(String name, ImmutableList<IrRule> rules) {
        Chain chain = new Chain(name, rules);
        Chain old = chains.putIfAbsent(name, chain);
        if (old != null && !old.equals(chain)) {
            throw new IllegalStateException("two different chains named " + name);
        }
        return name;
    }

    /** The chain called {@code name}, or null. */
    Chain get(String name) {
        return chains.get(name);
    }

    boolean has(String name) {
        return chains.containsKey(name);
    }

    public ImmutableList<Chain> all() {
        return chains.values().stream().sorted(java.util.Comparator.comparing(Chain::name))
                .collect(ImmutableList.toImmutableList());
    }
}
