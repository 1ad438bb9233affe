package io.hostwall.compiler.eval;

/** What happens to a packet in the end. */
public enum Verdict {
    ALLOW,
    DENY;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
