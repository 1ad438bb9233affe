package io.hostwall.compiler.diff;

import io.hostwall.compiler.eval.Packet;
import java.util.Objects;
import java.util.Optional;

/**
 * A packet whose verdict a diff compares, with a name for the report.
 *
 * @param name what the report calls it, e.g. {@code ssh from the internet}
 * @param node the only node to try it on; empty: every node diffed
 * @param packet the packet
 */
public record PacketProbe(String name, Optional<String> node, Packet packet) {

    /**
     * Checks for null.
     *
     * @param name what the report calls it, e.g. {@code ssh from the internet}
     * @param node the only node to try it on; empty: every node diffed
     * @param packet the packet
     */
    public PacketProbe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(packet, "packet");
    }

    /**
     * Whether the probe is tried on {@code nodeName}.
     *
     * @param nodeName the node
     * @return true when the probe names no node or this one
     */
    public boolean appliesTo(String nodeName) {
        return node.map(nodeName::equals).orElse(true);
    }
}
