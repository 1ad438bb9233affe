package io.hostwall.model;

/**
 * A named port a host endpoint exposes ({@code spec.ports[]}).
 *
 * @param name the name rules refer to (IANA_SVC_NAME rule)
 * @param protocol TCP, UDP or SCTP
 * @param port 1..65535
 */
public record EndpointPort(String name, Protocol protocol, int port) {
    /**
     * Checks the name, protocol and port.
     *
     * @param name the name rules refer to (IANA_SVC_NAME rule)
     * @param protocol TCP, UDP or SCTP
     * @param port 1..65535
     * @throws InvalidResourceException if one breaks its rule
     */
    public EndpointPort {
        Checks.nonNull(name, "name");
        Checks.nonNull(protocol, "protocol");
        Checks.check("name", ModelRules.endpointPortNameProblem(name));
        Checks.check("protocol", ModelRules.endpointPortProtocolProblem(protocol));
        Checks.check("port", ModelRules.endpointPortNumberProblem(port));
    }
}
