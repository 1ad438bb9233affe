package io.hostwall.compiler.ir;

/** A netfilter hook a base chain attaches to. */
public enum Hook {
    PREROUTING,
    INPUT,
    FORWARD,
    OUTPUT,
    POSTROUTING
}
