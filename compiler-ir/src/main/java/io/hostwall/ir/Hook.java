package io.hostwall.ir;

/** A netfilter hook a base chain attaches to. */
public enum Hook {
    /** Every packet arriving on an interface, before routing. */
    PREROUTING,
    /** Packets routed to this host. */
    INPUT,
    /** Packets routed through this host. */
    FORWARD,
    /** Packets this host sends. */
    OUTPUT,
    /** Every packet leaving on an interface, after routing. */
    POSTROUTING
}
