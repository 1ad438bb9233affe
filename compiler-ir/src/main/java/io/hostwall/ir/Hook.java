package io.hostwall.ir;

/** A netfilter hook a base chain attaches to. */
public enum Hook {
    PREROUTING,
    INPUT,
    FORWARD,
    OUTPUT,
    POSTROUTING
}
