package io.hostwall.compiler.eval;

/** What happens to a packet in the end. */
public enum Verdict {
    /** The packet passes. */
    ALLOW,
    /** The packet is dropped or rejected. */
    DENY;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
