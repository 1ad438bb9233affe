package io.hostwall.compiler.agent;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import java.util.Objects;

/**
 * Changes a {@link NodeAgent} takes as one: deletes first, then upserts.
 *
 * @param upserts resources added or replaced (by kind and name)
 * @param deletes resources removed; a missing one is ignored
 */
public record Batch(ImmutableList<Resource> upserts, ImmutableList<ResourceRef> deletes) {
    /**
     * Checks the parts.
     *
     * @param upserts resources added or replaced
     * @param deletes resources removed
     */
    public Batch {
        Objects.requireNonNull(upserts, "upserts");
        Objects.requireNonNull(deletes, "deletes");
    }
}
