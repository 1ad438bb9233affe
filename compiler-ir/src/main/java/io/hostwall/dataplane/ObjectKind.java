package io.hostwall.dataplane;

/** What kind of kernel object an {@link ObjectId} names. */
public enum ObjectKind {
    /** A set or map: a declaration and elements (nft sets and maps, ipsets). */
    SET,
    /** A chain hostwall owns: an optional base-chain header and rules. */
    CHAIN,
    /**
     * The rules hostwall keeps in a chain it does not own (iptables' {@code INPUT}, {@code PREROUTING}, ...): the
     * backend reconciles them against the kernel and leaves every other rule of that chain alone.
     */
    HOOKS
}
