package io.hostwall.compiler.diff;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.SetMember;
import io.hostwall.model.ResourceRef;
import java.util.Objects;

/**
 * One element added to or removed from a set, with the resources it comes from: the GlobalNetworkSets whose nets
 * overlap it and the HostEndpoints whose expectedIPs it holds, on the side (old or new) that has it. Empty sources
 * mean the element comes from a policy rule's own nets, or the diff was made without the clusters.
 *
 * @param change added or removed
 * @param member the element
 * @param sources the resources it comes from, sorted
 */
public record ElementChange(Change change, SetMember member, ImmutableList<ResourceRef> sources) {

    /**
     * Checks that the change is an addition or a removal.
     *
     * @param change added or removed
     * @param member the element
     * @param sources the resources it comes from, sorted
     */
    public ElementChange {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(sources, "sources");
        if (change == Change.CHANGED) {
            throw new IllegalArgumentException("an element is added or removed, never changed");
        }
    }
}
