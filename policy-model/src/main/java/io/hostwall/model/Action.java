package io.hostwall.model;

/** A rule's action. Allow and Deny end evaluation, Log continues, Pass leaves the tier. */
public enum Action {
    /** Accept the packet; evaluation ends. */
    ALLOW("Allow"),
    /** Drop the packet; evaluation ends. */
    DENY("Deny"),
    /** Log the packet and continue with the next rule. */
    LOG("Log"),
    /** Leave this tier: continue with the next tier (or the profiles). */
    PASS("Pass");

    private final String manifestName;

    Action(String manifestName) {
        this.manifestName = manifestName;
    }

    /** {@return the spelling in a manifest} */
    public String manifestName() {
        return manifestName;
    }

    @Override
    public String toString() {
        return manifestName;
    }
}
