package io.hostwall.compiler;

/**
 * How a Deny rule (and the default drops) of the filter stage discards a packet. The raw and mangle stages
 * always drop: the kernel only allows REJECT in the filter hooks.
 */
public enum DenyAction {
    /** Discard the packet silently (Felix's default). */
    DROP,
    /** Discard the packet and tell the sender (ICMP unreachable or TCP reset). */
    REJECT
}
