package io.hostwall.cli;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.NodeFacts;
import java.util.Collection;
import java.util.Optional;

/**
 * The facts the command line gives: one set for every node ({@code --host-interface}, or none) or one per node
 * ({@code --host-facts}).
 */
record HostFacts(Optional<NodeFacts> everyNode, ImmutableSortedMap<String, NodeFacts> byNode) {

    static HostFacts everyNode(NodeFacts facts) {
        return new HostFacts(Optional.of(facts), ImmutableSortedMap.of());
    }

    static HostFacts perNode(ImmutableSortedMap<String, NodeFacts> byNode) {
        return new HostFacts(Optional.empty(), byNode);
    }

    NodeFacts of(String node) {
        return everyNode.orElseGet(() -> byNode.getOrDefault(node, NodeFacts.none()));
    }

    ImmutableMap<String, NodeFacts> of(Collection<String> nodes) {
        ImmutableMap.Builder<String, NodeFacts> b = ImmutableMap.builder();
        nodes.stream().distinct().forEach(n -> b.put(n, of(n)));
        return b.build();
    }
}
