package io.hostwall.dataplane;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Objects;

/**
 * What the kernel holds of hostwall's objects, as {@link Dataplane#read()} found it: for each object its size and a
 * fingerprint of the kernel's own listing of it. The kernel prints rules and elements in its own normal form, not
 * in the words hostwall wrote, so a fingerprint is compared with the fingerprint of the same object read earlier,
 * never with the desired text.
 *
 * @param present whether hostwall's container exists at all (the nft table); false when it was deleted, in which
 *     case {@code objects} is empty
 * @param objects what was found, by id
 */
public record ObservedState(boolean present, ImmutableSortedMap<ObjectId, Observed> objects) {

    /**
     * Checks that every observation is filed under its own id.
     *
     * @param present whether hostwall's container exists
     * @param objects what was found, by id
     * @throws IllegalArgumentException if an observation is filed under another id
     */
    public ObservedState {
        Objects.requireNonNull(objects, "objects");
        objects.forEach((id, o) -> {
            if (!id.equals(o.id())) {
                throw new IllegalArgumentException("observation of " + o.id() + " filed under " + id);
            }
        });
    }

    /**
     * One object as the kernel lists it.
     *
     * @param id which object
     * @param size how many rules (hostwall's own, for {@link ObjectKind#HOOKS}) or elements it holds
     * @param fingerprint a hash of the kernel's listing of its header and rules, or declaration and elements
     */
    public record Observed(ObjectId id, int size, String fingerprint) {
        /**
         * Checks the parts.
         *
         * @param id which object
         * @param size how many rules or elements, at least 0
         * @param fingerprint the hash of its listing
         * @throws IllegalArgumentException for a negative size
         */
        public Observed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(fingerprint, "fingerprint");
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size + " for " + id);
            }
        }
    }
}
