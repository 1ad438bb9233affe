package io.hostwall.model.yaml;

import io.hostwall.model.manifest.ManifestLimits;

/** What one load has used of the limits that span its sources: bytes and documents. Not thread-safe. */
public final class LoadBudget {
    long bytes;
    private final int maxDocuments;
    private int documents;

    /** A budget with nothing used, for {@link ManifestLimits#MAX_DOCUMENTS}. */
    public LoadBudget() {
        this(ManifestLimits.MAX_DOCUMENTS);
    }

    /** A budget with another document limit (tests). */
    LoadBudget(int maxDocuments) {
        this.maxDocuments = maxDocuments;
    }

    int maxDocuments() {
        return maxDocuments;
    }

    /** Counts one more document; false once there are more than the limit. */
    boolean document() {
        return ++documents <= maxDocuments;
    }
}
