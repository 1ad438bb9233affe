package io.hostwall.model;

/** A policy direction ({@code types} entry). */
public enum Direction {
    INGRESS("Ingress"),
    EGRESS("Egress");

    private final String manifestName;

    Direction(String manifestName) {
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
