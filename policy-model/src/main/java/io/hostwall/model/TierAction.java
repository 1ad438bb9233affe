package io.hostwall.model;

/** What happens when no policy of a tier decides: {@code Deny} (default) or {@code Pass}. */
public enum TierAction {
    /** Drop the packet. */
    DENY("Deny"),
    /** Continue with the next tier (or the profiles). */
    PASS("Pass");

    private final String manifestName;

    TierAction(String manifestName) {
        this.manifestName = manifestName;
    }

    /** {@return the spelling in a manifest} */
    public String manifestName() {
        return manifestName;
    }
}
