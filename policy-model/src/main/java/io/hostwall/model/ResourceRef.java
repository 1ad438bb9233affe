package io.hostwall.model;

import java.util.Objects;

/**
 * Identifies one resource: its kind and name. Prints as {@code GlobalNetworkPolicy "allow-ssh"}; a long name is cut
 * ({@link Names#quote}).
 */
public record ResourceRef(ResourceKind kind, String name) implements Comparable<ResourceRef> {
    /**
     * Checks that both parts are present.
     *
     * @param kind the resource's kind
     * @param name the resource's {@code metadata.name}
     */
    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(ResourceRef o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        // A name is cut like any value, so that a hostile name cannot make a problem line megabytes long.
        return kind.manifestName() + " " + Names.quote(name);
    }
}
