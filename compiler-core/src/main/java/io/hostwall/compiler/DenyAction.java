package io.hostwall.compiler;

/**
 * How a Deny rule (and the default drops) of the filter stage discards a packet. The raw and mangle stages
 * always drop: the kernel only allows REJECT in the filter hooks.
 */
public enum DenyAction {
    DROP,
    REJECT
}
