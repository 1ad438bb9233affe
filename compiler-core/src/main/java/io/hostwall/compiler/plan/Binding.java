package io.hostwall.compiler.plan;

import io.hostwall.compiler.chains.Names;
import io.hostwall.model.HostEndpoint;

/**
 * A host endpoint bound to what it polices on this node: one interface, or every interface (the {@code *}
 * endpoint, {@code allInterfaces}).
 */
public record Binding(String iface, HostEndpoint hep, boolean allInterfaces) {

    /** The token used in chain names: the interface name, or a sentinel no interface can have. */
    public String chainToken() {
        return allInterfaces ? Names.ALL_INTERFACES : iface;
    }
}
