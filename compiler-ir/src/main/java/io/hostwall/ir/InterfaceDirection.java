package io.hostwall.ir;

/** The input interface (iifname / -i) or the output interface (oifname / -o). */
public enum InterfaceDirection {
    /** The interface the packet came in on. */
    IN,
    /** The interface the packet goes out on. */
    OUT
}
