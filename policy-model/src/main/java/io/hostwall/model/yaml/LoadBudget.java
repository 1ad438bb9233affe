package io.hostwall.model.yaml;

import io.hostwall.model.manifest.ManifestLimits;

/** What one load has used of the limits that span its sources: bytes and documents. Not thread-safe. */
public final class LoadBudget {
    long bytes;
    private final int maxDocuments;
    private final long maxBytes;
    private int documents;

    /** A budget with nothing used, for {@link ManifestLimits#MAX_DOCUMENTS} and {@link ManifestLimits#MAX_LOAD_BYTES}. */
    public LoadBudget() {
        this(ManifestLimits.MAX_DOCUMENTS, ManifestLimits.MAX_LOAD_BYTES);
    }

    /** A budget with other limits (tests). */
    LoadBudget(int maxDocuments, long maxBytes) {
        this.maxDocuments = maxDocuments;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    int maxDocuments() {
        return maxDocuments;
    }

    /** Counts one more document; false once there are more than the limit. */
    boolean document() {
        return ++documents <= maxDocuments;
    }
}
