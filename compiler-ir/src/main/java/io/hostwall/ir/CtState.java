package io.hostwall.ir;

/** Conntrack states a rule can test. */
public enum CtState {
    NEW,
    ESTABLISHED,
    RELATED,
    INVALID,
    UNTRACKED
}
