package io.hostwall.model;

/** A policy direction ({@code types} entry). */
public enum Direction {
    /** Traffic to the endpoint. */
    INGRESS("Ingress"),
    /** Traffic from the endpoint. */
    EGRESS("Egress");

    private final String manifestName;

    Direction(String manifestName) {
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
