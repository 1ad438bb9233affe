package io.hostwall.model;

/** A rule's action. Allow and Deny end evaluation, Log continues, Pass leaves the tier. */
public enum Action {
    ALLOW("Allow"),
    DENY("Deny"),
    LOG("Log"),
    PASS("Pass");

    private final String manifestName;

    Action(String manifestName) {
        this.manifestName = manifestName;
    }

    public String manifestName() {
        return manifestName;
    }

    @Override
    public String toString() {
        return manifestName;
    }
}
