package io.hostwall.model;

/** The {@code projectcalico.org/v3} kinds hostwall understands, with their manifest spelling. */
public enum ResourceKind {
    GLOBAL_NETWORK_POLICY("GlobalNetworkPolicy"),
    HOST_ENDPOINT("HostEndpoint"),
    GLOBAL_NETWORK_SET("GlobalNetworkSet"),
    PROFILE("Profile"),
    TIER("Tier"),
    FELIX_CONFIGURATION("FelixConfiguration");

    private final String manifestName;

    ResourceKind(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The {@code kind:} value as written in a manifest, e.g. {@code GlobalNetworkPolicy}. */
    public String manifestName() {
        return manifestName;
    }

    /** Looks a kind up by its manifest spelling (case-sensitive, as Kubernetes is). */
    public static java.util.Optional<ResourceKind> fromManifestName(String name) {
        for (ResourceKind k : values()) {
            if (k.manifestName.equals(name)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
