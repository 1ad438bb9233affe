package io.hostwall.ir;

/** The input interface (iifname / -i) or the output interface (oifname / -o). */
public enum InterfaceDirection {
    IN,
    OUT
}
