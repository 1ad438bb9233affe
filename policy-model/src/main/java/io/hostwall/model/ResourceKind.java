package io.hostwall.model;

/** The {@code projectcalico.org/v3} kinds hostwall understands, with their manifest spelling. */
public enum ResourceKind {
    /** {@link GlobalNetworkPolicy}. */
    GLOBAL_NETWORK_POLICY("GlobalNetworkPolicy"),
    /** {@link HostEndpoint}. */
    HOST_ENDPOINT("HostEndpoint"),
    /** {@link GlobalNetworkSet}. */
    GLOBAL_NETWORK_SET("GlobalNetworkSet"),
    /** {@link Profile}. */
    PROFILE("Profile"),
    /** {@link Tier}. */
    TIER("Tier"),
    /** {@link FelixConfiguration}. */
    FELIX_CONFIGURATION("FelixConfiguration");

    private final String manifestName;

    ResourceKind(String manifestName) {
        this.manifestName = manifestName;
    }

    /** {@return the {@code kind:} value as written in a manifest, e.g. {@code GlobalNetworkPolicy}} */
    public String manifestName() {
        return manifestName;
    }

    /**
     * Looks a kind up by its manifest spelling (case-sensitive, as Kubernetes is).
     *
     * @param name the {@code kind:} value
     * @return the kind, or empty if hostwall does not know it
     */
    public static java.util.Optional<ResourceKind> fromManifestName(String name) {
        for (ResourceKind k : values()) {
            if (k.manifestName.equals(name)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
