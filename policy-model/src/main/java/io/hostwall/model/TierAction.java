package io.hostwall.model;

/** What happens when no policy of a tier decides: {@code Deny} (default) or {@code Pass}. */
public enum TierAction {
    DENY("Deny"),
    PASS("Pass");

    private final String manifestName;

    TierAction(String manifestName) {
        this.manifestName = manifestName;
    }

    public String manifestName() {
        return manifestName;
    }
}
