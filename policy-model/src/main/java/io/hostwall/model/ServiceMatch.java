package io.hostwall.model;

/**
 * {@code services} of an entity rule. Accepted by the model; host endpoints cannot enforce it.
 *
 * @param name the service's name
 * @param namespace its namespace (required: hostwall's policies are not namespaced)
 */
public record ServiceMatch(String name, String namespace) {
    /**
     * Checks that both are set.
     *
     * @param name the service's name
     * @param namespace its namespace (required: hostwall's policies are not namespaced)
     * @throws InvalidResourceException if the name or namespace is empty
     */
    public ServiceMatch {
        Checks.nonNull(name, "name");
        Checks.nonNull(namespace, "namespace");
        if (name.isEmpty()) {
            throw new InvalidResourceException("name", ModelRules.SERVICE_NAME_REQUIRED);
        }
        if (namespace.isEmpty()) {
            throw new InvalidResourceException("namespace", ModelRules.SERVICE_NAMESPACE_REQUIRED);
        }
    }
}
