package io.hostwall.ir;

/** Conntrack states a rule can test. */
public enum CtState {
    /** The first packet of a flow conntrack has not seen before. */
    NEW,
    /** A packet of a flow that has seen traffic both ways (or its first reply). */
    ESTABLISHED,
    /** A packet that starts a flow related to an existing one (ICMP errors, FTP data). */
    RELATED,
    /** A packet conntrack cannot place (a stray TCP segment, a malformed header). */
    INVALID,
    /** A packet exempted from conntrack by a raw-table {@code notrack}. */
    UNTRACKED
}
