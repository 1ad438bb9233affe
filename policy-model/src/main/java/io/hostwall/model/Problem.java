package io.hostwall.model;

import java.util.Optional;

/**
 * One thing wrong with the input, located as precisely as known. Prints in the form
 * {@code policies.yaml:14: GlobalNetworkPolicy "allow-nodeport": spec.ingress[0].destination.ports[1]: message}.
 */
public record Problem(
        Optional<SourceLocation> location,
        Optional<ResourceRef> resource,
        String field,
        String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        location.ifPresent(l -> sb.append(l).append(": "));
        resource.ifPresent(r -> sb.append(r).append(": "));
        if (!field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
