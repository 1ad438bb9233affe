package io.hostwall.model;

import io.hostwall.net.Cidr;
import io.hostwall.net.InterfaceName;
import io.hostwall.net.IpFamily;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Calico's rules on the values of a resource, each written once: the model's records refuse what breaks them (with
 * {@link InvalidResourceException}) and the manifest loader reports it (located in its file), with the same words.
 * Each method returns what is wrong, or empty when the value is fine; where the problem belongs is the caller's.
 */
public final class ModelRules {
    /** Calico's cap on the rules of one direction. */
    public static final int MAX_RULES = 1024;
    /** Calico's cap on {@code nets} and {@code notNets}. */
    public static final int MAX_NETS = 256;
    /** Calico's cap on {@code ports} and {@code notPorts}. */
    public static final int MAX_PORTS = 50;
    /** Calico's cap on HTTP {@code methods} and {@code paths}. */
    public static final int MAX_HTTP_ENTRIES = 20;
    /** The highest port number. */
    public static final int MAX_PORT = 65535;
    /** The only performance hint Calico knows. */
    public static final String ASSUME_NEEDED_ON_EVERY_NODE = "AssumeNeededOnEveryNode";
    /** Calico keeps this label for namespaced network sets; on a global one it would lie about scope. */
    public static final String RESERVED_NAMESPACE_LABEL = "projectcalico.org/namespace";
    /** A {@code services} match without a service name. */
    public static final String SERVICE_NAME_REQUIRED = "services needs the name of a service";
    /**
     * A {@code services} match without a namespace: Calico requires it for GlobalNetworkPolicy; hostwall also for
     * Profile, which is not namespaced either.
     */
    public static final String SERVICE_NAMESPACE_REQUIRED = "services needs a namespace: this policy is not namespaced";
    /** A host endpoint without a node. */
    public static final String NODE_REQUIRED = "node is required";
    /** A named port of a host endpoint without a name. */
    public static final String PORT_NAME_REQUIRED = "port name is required";
    /** A resource without a name. */
    public static final String NAME_REQUIRED = "name is required";

    private static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;
    private static final Pattern HTTP_PATH = Pattern.compile("/[^\\s?#]*");

    private ModelRules() {}

    // ---- names and metadata

    /**
     * The name rule of a kind: a DNS-1123 subdomain; a GlobalNetworkPolicy name is a label with at most one dot, a
     * Tier name a single label.
     *
     * @param kind the kind of the resource
     * @param name its {@code metadata.name}
     * @return the problem, or empty
     */
    public static Optional<String> nameProblem(ResourceKind kind, String name) {
        if (name.isEmpty()) {
            return Optional.of(NAME_REQUIRED);
        }
        if (kind == ResourceKind.TIER && name.length() > Names.MAX_LABEL) {
            return Optional.of("Tier name is " + name.length() + " characters long; the maximum is 63");
        }
        if (name.length() > Names.MAX_SUBDOMAIN) {
            return Optional.of("name is " + name.length() + " characters long; the maximum is 253");
        }
        if (!Names.isDnsSubdomain(name)) {
            return Optional.of(Names.quote(name) + " is not a valid name: " + Names.SUBDOMAIN_RULE);
        }
        if (kind == ResourceKind.GLOBAL_NETWORK_POLICY && !Names.isGlobalNetworkPolicyName(name)) {
            return Optional.of(Names.quote(name) + " is not a valid GlobalNetworkPolicy name: a DNS label,"
                    + " optionally followed by one dot and another label");
        }
        if (kind == ResourceKind.TIER && !Names.isDnsLabel(name)) {
            return Optional.of(Names.quote(name) + " is not a valid Tier name: a single DNS label (lower-case"
                    + " letters, digits and '-'; no dots)");
        }
        return Optional.empty();
    }

    /**
     * A label key (Kubernetes' qualified name).
     *
     * @param what what the map is called in the message: {@code label} or {@code labelsToApply}
     * @param key the key
     * @return the problem, or empty
     */
    public static Optional<String> labelKeyProblem(String what, String key) {
        return Names.qualifiedNameProblem(key).map(p -> "invalid " + what + " key " + Names.quote(key) + ": " + p);
    }

    /**
     * A label value.
     *
     * @param what what the map is called in the message: {@code label} or {@code labelsToApply}
     * @param value the value
     * @return the problem, or empty
     */
    public static Optional<String> labelValueProblem(String what, String value) {
        return Names.isLabelValue(value) ? Optional.empty()
                : Optional.of("invalid " + what + " value " + Names.quote(value) + ": " + Names.LABEL_VALUE_RULE);
    }

    /**
     * A label a kind may not carry ({@value #RESERVED_NAMESPACE_LABEL} on a GlobalNetworkSet).
     *
     * @param kind the kind of the resource
     * @param key the label key
     * @return the problem, or empty
     */
    public static Optional<String> reservedLabelProblem(ResourceKind kind, String key) {
        return kind == ResourceKind.GLOBAL_NETWORK_SET && key.equals(RESERVED_NAMESPACE_LABEL)
                ? Optional.of("label " + RESERVED_NAMESPACE_LABEL + " is reserved") : Optional.empty();
    }

    /**
     * An annotation key (checked lower-cased, as Kubernetes does).
     *
     * @param key the key
     * @return the problem, or empty
     */
    public static Optional<String> annotationKeyProblem(String key) {
        return Names.annotationKeyProblem(key).map(p -> "invalid annotation key " + Names.quote(key) + ": " + p);
    }

    /**
     * The total size of annotations: at most 256 KiB of UTF-8 keys and values.
     *
     * @param annotations the annotations
     * @return the problem, or empty
     */
    public static Optional<String> annotationsSizeProblem(Iterable<? extends Map.Entry<String, String>> annotations) {
        long bytes = 0;
        for (Map.Entry<String, String> e : annotations) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes > MAX_ANNOTATIONS_BYTES
                ? Optional.of("annotations total " + bytes + " bytes; the maximum is " + MAX_ANNOTATIONS_BYTES)
                : Optional.empty();
    }

    // ---- GlobalNetworkPolicy and Profile

    /**
     * A policy's {@code tier}: a DNS-1123 subdomain.
     *
     * @param tier the tier name
     * @return the problem, or empty
     */
    public static Optional<String> tierNameProblem(String tier) {
        return Names.isDnsSubdomain(tier) ? Optional.empty()
                : Optional.of(Names.quote(tier) + " is not a valid tier name: " + Names.SUBDOMAIN_RULE);
    }

    /**
     * An {@code order}: a finite number (a manifest cannot spell another; code can).
     *
     * @param order the order
     * @return the problem, or empty
     */
    public static Optional<String> orderProblem(double order) {
        return Double.isFinite(order) ? Optional.empty() : Optional.of("order must be a finite number, got " + order);
    }

    /**
     * {@code preDNAT} with {@code doNotTrack}.
     *
     * @param preDNAT the policy's preDNAT
     * @param doNotTrack the policy's doNotTrack
     * @return the problem, or empty
     */
    public static Optional<String> preDnatWithDoNotTrackProblem(boolean preDNAT, boolean doNotTrack) {
        return preDNAT && doNotTrack ? Optional.of("preDNAT and doNotTrack cannot both be true") : Optional.empty();
    }

    /**
     * {@code preDNAT} and {@code doNotTrack} policies need {@code applyOnForward}.
     *
     * @param preDNAT the policy's preDNAT
     * @param doNotTrack the policy's doNotTrack
     * @param applyOnForward the policy's applyOnForward
     * @return the problem, or empty
     */
    public static Optional<String> applyOnForwardProblem(boolean preDNAT, boolean doNotTrack, boolean applyOnForward) {
        return (preDNAT || doNotTrack) && !applyOnForward
                ? Optional.of("applyOnForward must be true when " + (preDNAT ? "preDNAT" : "doNotTrack") + " is true")
                : Optional.empty();
    }

    /**
     * A preDNAT policy has no egress rules.
     *
     * @param preDNAT the policy's preDNAT
     * @param hasEgressRules whether it has egress rules
     * @return the problem, or empty
     */
    public static Optional<String> preDnatEgressRulesProblem(boolean preDNAT, boolean hasEgressRules) {
        return preDNAT && hasEgressRules ? Optional.of("a preDNAT policy cannot have egress rules") : Optional.empty();
    }

    /**
     * A preDNAT policy does not govern egress.
     *
     * @param preDNAT the policy's preDNAT
     * @param types the policy's types
     * @return the problem, or empty
     */
    public static Optional<String> preDnatEgressTypeProblem(boolean preDNAT, Set<Direction> types) {
        return preDNAT && types.contains(Direction.EGRESS)
                ? Optional.of("a preDNAT policy cannot have the Egress type") : Optional.empty();
    }

    /**
     * A performance hint: only {@value #ASSUME_NEEDED_ON_EVERY_NODE} exists.
     *
     * @param hint the hint
     * @return the problem, or empty
     */
    public static Optional<String> performanceHintProblem(String hint) {
        return hint.equals(ASSUME_NEEDED_ON_EVERY_NODE) ? Optional.empty() : Optional.of("unknown performance hint "
                + Names.quote(hint) + "; the only one is " + ASSUME_NEEDED_ON_EVERY_NODE);
    }

    /**
     * The number of rules of one direction.
     *
     * @param count how many rules
     * @return the problem, or empty
     */
    public static Optional<String> ruleCountProblem(int count) {
        return count > MAX_RULES ? Optional.of("at most " + MAX_RULES + " rules; got " + count) : Optional.empty();
    }

    /**
     * An {@code http} match in a rule of {@code direction}: never in egress rules.
     *
     * @param direction the direction of the rule
     * @return the problem, or empty
     */
    public static Optional<String> httpDirectionProblem(Direction direction) {
        return direction == Direction.EGRESS ? Optional.of("an http match is not allowed in egress rules")
                : Optional.empty();
    }

    /**
     * {@code source.services} in a rule of {@code direction}: never in egress rules.
     *
     * @param direction the direction of the rule
     * @return the problem, or empty
     */
    public static Optional<String> sourceServicesProblem(Direction direction) {
        return direction == Direction.EGRESS ? Optional.of("services are not allowed in the source of an egress rule")
                : Optional.empty();
    }

    /**
     * {@code destination.services} in a rule of {@code direction}: never in ingress rules.
     *
     * @param direction the direction of the rule
     * @return the problem, or empty
     */
    public static Optional<String> destinationServicesProblem(Direction direction) {
        return direction == Direction.INGRESS
                ? Optional.of("services are not allowed in the destination of an ingress rule") : Optional.empty();
    }

    // ---- Rule

    /**
     * {@code icmp} needs protocol ICMP or ICMPv6.
     *
     * @param protocol the rule's protocol
     * @return the problem, or empty
     */
    public static Optional<String> icmpProtocolProblem(Optional<Protocol> protocol) {
        if (protocol.filter(p -> p.isIcmp() || p.isIcmpV6()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("icmp needs protocol ICMP, ICMPv6, 1 or 58"
                + protocol.map(p -> ", got " + p).orElse("; protocol is not set"));
    }

    /**
     * {@code ports}/{@code notPorts} need a protocol with ports: numeric ports need TCP, UDP or SCTP; with another
     * protocol even named ports are refused. notProtocol never counts.
     *
     * @param protocol the rule's protocol
     * @param ports the ports of one list
     * @return the problem, or empty
     */
    public static Optional<String> portProtocolProblem(Optional<Protocol> protocol, List<PortSpec> ports) {
        if (ports.isEmpty()) {
            return Optional.empty();
        }
        if (protocol.isEmpty()) {
            return ports.stream().anyMatch(p -> p instanceof PortSpec.Numeric)
                    ? Optional.of("numeric ports need protocol TCP, UDP or SCTP; without a protocol only named ports"
                            + " are allowed")
                    : Optional.empty();
        }
        return protocol.get().supportsPorts() ? Optional.empty() : Optional.of("protocol " + protocol.get()
                + " has no ports; ports and notPorts (even named ones) need protocol TCP, UDP or SCTP");
    }

    /**
     * An {@code http} match needs protocol TCP or none.
     *
     * @param protocol the rule's protocol
     * @return the problem, or empty
     */
    public static Optional<String> httpProtocolProblem(Optional<Protocol> protocol) {
        return protocol.filter(p -> p.number() != Protocol.TCP.number())
                .map(p -> "an http match needs protocol TCP or no protocol, got " + p);
    }

    /**
     * An {@code http} match only on Allow rules.
     *
     * @param action the rule's action
     * @return the problem, or empty
     */
    public static Optional<String> httpActionProblem(Action action) {
        return action == Action.ALLOW ? Optional.empty()
                : Optional.of("an http match is only allowed on Allow rules, not " + action);
    }

    /**
     * ICMP belongs to IPv4 and ICMPv6 to IPv6.
     *
     * @param key {@code protocol} or {@code notProtocol}
     * @param protocol that field's value
     * @param ipVersion the rule's ipVersion
     * @return the problem, or empty
     */
    public static Optional<String> icmpFamilyProblem(String key, Optional<Protocol> protocol, IpFamily ipVersion) {
        if (protocol.filter(Protocol::isIcmp).isPresent() && ipVersion != IpFamily.V4) {
            return Optional.of(key + " ICMP needs ipVersion 4, got " + ipVersion.version());
        }
        if (protocol.filter(Protocol::isIcmpV6).isPresent() && ipVersion != IpFamily.V6) {
            return Optional.of(key + " ICMPv6 needs ipVersion 6, got " + ipVersion.version());
        }
        return Optional.empty();
    }

    /**
     * The nets of a rule are of one family, the rule's {@code ipVersion} when set. Lists are checked in order
     * (source nets, source notNets, destination nets, destination notNets).
     *
     * @param ipVersion the rule's ipVersion
     * @param earlier the family of the first net of an earlier list, when there was one
     * @param nets one list
     * @return the problem, or empty
     */
    public static Optional<String> netFamilyProblem(Optional<IpFamily> ipVersion, Optional<IpFamily> earlier,
            List<Cidr> nets) {
        if (nets.isEmpty()) {
            return Optional.empty();
        }
        if (ipVersion.isPresent()) {
            return nets.stream().filter(c -> c.family() != ipVersion.get()).findFirst().map(c -> "ipVersion "
                    + ipVersion.get().version() + " does not match the IPv" + c.family().version() + " net " + c);
        }
        IpFamily family = earlier.orElse(nets.get(0).family());
        return nets.stream().filter(c -> c.family() != family).findFirst().map(c -> "a rule cannot mix IPv4 and IPv6"
                + " nets: " + c + " is IPv" + c.family().version() + ", an earlier net is IPv" + family.version());
    }

    /**
     * Destination {@code services} exclude {@code ports} and {@code notPorts}.
     *
     * @param services whether the destination has services
     * @param ports whether it has ports or notPorts
     * @return the problem, or empty
     */
    public static Optional<String> servicesWithPortsProblem(boolean services, boolean ports) {
        return services && ports ? Optional.of("destination services cannot be combined with ports or notPorts")
                : Optional.empty();
    }

    // ---- EntityRule

    /**
     * The length of {@code nets}/{@code notNets}.
     *
     * @param count the number of nets
     * @return the problem, or empty
     */
    public static Optional<String> netCountProblem(int count) {
        return count > MAX_NETS ? Optional.of("at most " + MAX_NETS + " nets; got " + count) : Optional.empty();
    }

    /**
     * The length of {@code ports}/{@code notPorts}.
     *
     * @param count the number of ports
     * @return the problem, or empty
     */
    public static Optional<String> portCountProblem(int count) {
        return count > MAX_PORTS ? Optional.of("at most " + MAX_PORTS + " ports; got " + count) : Optional.empty();
    }

    /**
     * A {@code notNets} entry that matches every address would make the rule match nothing.
     *
     * @param net the entry
     * @return the problem, or empty
     */
    public static Optional<String> notNetProblem(Cidr net) {
        return net.isCatchAll()
                ? Optional.of("notNets " + net + " matches every address, so the rule could never match")
                : Optional.empty();
    }

    /**
     * {@code global()} outside a rule's namespaceSelector. Calico's rule is a plain substring test on the text, so
     * {@code global(} even inside a literal is refused.
     *
     * @param selectorText the selector as written (or its canonical text)
     * @return the problem, or empty
     */
    public static Optional<String> globalOutsideNamespaceSelectorProblem(String selectorText) {
        return selectorText.contains("global(")
                ? Optional.of("global() can only be used in a rule's namespaceSelector") : Optional.empty();
    }

    /**
     * In a rule's namespaceSelector {@code global()} must be the whole selector.
     *
     * @param selectorText the selector as written (or its canonical text)
     * @param onlyGlobal whether the selector is {@code global()} and nothing else
     * @return the problem, or empty
     */
    public static Optional<String> globalNotAloneProblem(String selectorText, boolean onlyGlobal) {
        return selectorText.contains("global(") && !onlyGlobal
                ? Optional.of("global() must be the whole namespaceSelector") : Optional.empty();
    }

    /**
     * {@code services} cannot be combined with the other fields of its side that select endpoints.
     *
     * @param clashes the fields set beside services, in field order
     * @return the problem, or empty
     */
    public static Optional<String> servicesClashProblem(List<String> clashes) {
        return clashes.isEmpty() ? Optional.empty()
                : Optional.of("services cannot be combined with " + String.join(", ", clashes));
    }

    // ---- values

    /**
     * A protocol number: 1..255.
     *
     * @param number the number
     * @return the problem, or empty
     */
    public static Optional<String> protocolNumberProblem(long number) {
        return number < 1 || number > 255 ? Optional.of("protocol number must be 1..255, got " + number)
                : Optional.empty();
    }

    /**
     * An ICMP type: 0..254.
     *
     * @param type the type
     * @return the problem, or empty
     */
    public static Optional<String> icmpTypeProblem(long type) {
        return type < 0 || type > 254 ? Optional.of("ICMP type must be 0..254, got " + type) : Optional.empty();
    }

    /**
     * An ICMP code: 0..255.
     *
     * @param code the code
     * @return the problem, or empty
     */
    public static Optional<String> icmpCodeProblem(long code) {
        return code < 0 || code > 255 ? Optional.of("ICMP code must be 0..255, got " + code) : Optional.empty();
    }

    /**
     * An ICMP code needs an ICMP type.
     *
     * @param hasType whether a type is set
     * @param hasCode whether a code is set
     * @return the problem, or empty
     */
    public static Optional<String> icmpCodeWithoutTypeProblem(boolean hasType, boolean hasCode) {
        return hasCode && !hasType ? Optional.of("an ICMP code needs an ICMP type") : Optional.empty();
    }

    /**
     * A single port of a rule: 1..65535.
     *
     * @param digits the port as written (digits)
     * @param port its value
     * @return the problem, or empty
     */
    public static Optional<String> portProblem(String digits, long port) {
        return port < 1 || port > MAX_PORT ? Optional.of("port " + digits + " is out of range 1..65535")
                : Optional.empty();
    }

    /**
     * A port range of a rule: both ends 1..65535, start at most end.
     *
     * @param text the range as written ({@code "min:max"})
     * @param low the start as written
     * @param high the end as written
     * @param first the start's value
     * @param last the end's value
     * @return the problem, or empty
     */
    public static Optional<String> portRangeProblem(String text, String low, String high, long first, long last) {
        if (first > MAX_PORT || last > MAX_PORT) {
            return Optional.of("port range " + Names.quote(text) + ": " + (first > MAX_PORT ? low : high)
                    + " is out of range 1..65535");
        }
        if (first > last) {
            return Optional.of("port range " + Names.quote(text) + " has start > end");
        }
        if (first < 1) {
            return Optional.of("port range " + Names.quote(text) + ": 0 is not a port (ports are 1..65535)");
        }
        return Optional.empty();
    }

    /**
     * A named port of a rule (Kubernetes' IANA_SVC_NAME).
     *
     * @param name the name
     * @return the problem, or empty
     */
    public static Optional<String> namedPortProblem(String name) {
        if (name.length() > 15 && name.matches("[-a-z0-9]+")) {
            return Optional.of("named port " + Names.quote(name) + " is longer than 15 characters");
        }
        return Names.isPortName(name) ? Optional.empty() : Optional.of("invalid port " + Names.quote(name)
                + ": expected a number, a range \"min:max\" or a port name (" + Names.PORT_NAME_RULE + ")");
    }

    /**
     * An HTTP method listed before.
     *
     * @param method the method
     * @param firstTime whether this is its first occurrence
     * @return the problem, or empty
     */
    public static Optional<String> httpMethodRepeatedProblem(String method, boolean firstTime) {
        return firstTime ? Optional.empty() : Optional.of("HTTP method " + Names.quote(method) + " is listed twice");
    }

    /**
     * An HTTP path: starts with '/', no '?', '#' or whitespace.
     *
     * @param path the path
     * @return the problem, or empty
     */
    public static Optional<String> httpPathProblem(String path) {
        return HTTP_PATH.matcher(path).matches() ? Optional.empty() : Optional.of("HTTP path " + Names.quote(path)
                + " must start with '/' and contain no '?', '#' or whitespace");
    }

    /**
     * The length of HTTP {@code methods} or {@code paths}.
     *
     * @param key {@code methods} or {@code paths}
     * @param count the number of entries
     * @return the problem, or empty
     */
    public static Optional<String> httpCountProblem(String key, int count) {
        return count > MAX_HTTP_ENTRIES ? Optional.of("at most " + MAX_HTTP_ENTRIES + " " + key + "; got " + count)
                : Optional.empty();
    }

    // ---- HostEndpoint

    /**
     * A host endpoint's {@code node}: required, a DNS-1123 subdomain.
     *
     * @param node the node name
     * @return the problem, or empty
     */
    public static Optional<String> nodeProblem(String node) {
        if (node.isEmpty()) {
            return Optional.of(NODE_REQUIRED);
        }
        return Names.isDnsSubdomain(node) ? Optional.empty()
                : Optional.of(Names.quote(node) + " is not a valid node name: " + Names.SUBDOMAIN_RULE);
    }

    /**
     * A host endpoint's {@code interfaceName}: {@code *} or a name that follows {@link InterfaceName#RULE} (Calico's
     * alphabet and the kernel's {@code dev_valid_name}; the backends render exactly these).
     *
     * @param name the interface name
     * @return the problem, or empty
     */
    public static Optional<String> interfaceNameProblem(String name) {
        return name.equals(HostEndpoint.ALL_INTERFACES) || InterfaceName.isValid(name) ? Optional.empty()
                : Optional.of(Names.quote(name) + " is not a valid interface name: use \"*\" or "
                        + InterfaceName.RULE);
    }

    /**
     * A host endpoint needs an interface name or expected IPs.
     *
     * @param hasInterface whether interfaceName is set
     * @param hasExpectedIps whether expectedIPs has entries
     * @return the problem, or empty
     */
    public static Optional<String> interfaceOrIpsProblem(boolean hasInterface, boolean hasExpectedIps) {
        return hasInterface || hasExpectedIps ? Optional.empty()
                : Optional.of("a HostEndpoint needs interfaceName or expectedIPs");
    }

    /**
     * An expected IP listed before.
     *
     * @param shown the address as written
     * @param firstTime whether this is its first occurrence
     * @return the problem, or empty
     */
    public static Optional<String> expectedIpRepeatedProblem(String shown, boolean firstTime) {
        return firstTime ? Optional.empty() : Optional.of(shown + " is listed twice");
    }

    /**
     * A profile a host endpoint names: a DNS-1123 subdomain.
     *
     * @param profile the profile name
     * @return the problem, or empty
     */
    public static Optional<String> profileNameProblem(String profile) {
        return Names.isDnsSubdomain(profile) ? Optional.empty()
                : Optional.of(Names.quote(profile) + " is not a valid profile name: " + Names.SUBDOMAIN_RULE);
    }

    /**
     * A host endpoint's named port name.
     *
     * @param name the name
     * @return the problem, or empty
     */
    public static Optional<String> endpointPortNameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of(PORT_NAME_REQUIRED);
        }
        return Names.isPortName(name) ? Optional.empty()
                : Optional.of(Names.quote(name) + " is not a valid port name: " + Names.PORT_NAME_RULE);
    }

    /**
     * A host endpoint's named port protocol: one with ports.
     *
     * @param protocol the protocol
     * @return the problem, or empty
     */
    public static Optional<String> endpointPortProtocolProblem(Protocol protocol) {
        return protocol.supportsPorts() ? Optional.empty()
                : Optional.of("protocol " + protocol + " has no ports; use TCP, UDP or SCTP");
    }

    /**
     * A host endpoint's named port number: 1..65535.
     *
     * @param port the port
     * @return the problem, or empty
     */
    public static Optional<String> endpointPortNumberProblem(long port) {
        return port < 1 || port > MAX_PORT ? Optional.of("port must be 1..65535, got " + port) : Optional.empty();
    }

    // ---- FelixConfiguration

    /**
     * A failsafe entry's protocol: exactly TCP, UDP or SCTP (as Calico's API has it).
     *
     * @param text the protocol as written
     * @return the problem, or empty
     */
    public static Optional<String> failsafeProtocolProblem(String text) {
        return switch (text) {
            case "TCP", "UDP", "SCTP" -> Optional.empty();
            default -> Optional.of("failsafe protocol must be exactly TCP, UDP or SCTP, got " + Names.quote(text));
        };
    }

    /**
     * A failsafe entry's port: 0..65535.
     *
     * @param port the port
     * @return the problem, or empty
     */
    public static Optional<String> failsafePortProblem(long port) {
        return port < 0 || port > MAX_PORT ? Optional.of("failsafe port must be 0..65535, got " + port)
                : Optional.empty();
    }

    // ---- Tier

    /** Calico's reserved tiers and the order and action each must have (CEL on Tier). */
    private record Reserved(double order, TierAction action) {}

    private static final Map<String, Reserved> RESERVED_TIERS = Map.of(
            Tier.DEFAULT, new Reserved(Tier.DEFAULT_ORDER, TierAction.DENY),
            "kube-admin", new Reserved(1_000, TierAction.PASS),
            "kube-baseline", new Reserved(10_000_000, TierAction.PASS));

    /**
     * The order of a reserved tier ({@code default}, {@code kube-admin}, {@code kube-baseline}) is fixed.
     *
     * @param name the tier's name
     * @param order its order
     * @return the problem, or empty
     */
    public static Optional<String> reservedTierOrderProblem(String name, OptionalDouble order) {
        Reserved reserved = RESERVED_TIERS.get(name);
        if (reserved == null) {
            return Optional.empty();
        }
        if (order.isEmpty()) {
            return Optional.of("the " + Names.quote(name) + " tier must have order " + (long) reserved.order()
                    + "; order is not set");
        }
        return order.getAsDouble() == reserved.order() ? Optional.empty() : Optional.of("the " + Names.quote(name)
                + " tier must have order " + (long) reserved.order() + ", got " + number(order.getAsDouble()));
    }

    /**
     * The default action of a reserved tier is fixed.
     *
     * @param name the tier's name
     * @param action its default action
     * @param defaulted whether the action was left to its default (Deny) rather than written
     * @return the problem, or empty
     */
    public static Optional<String> reservedTierActionProblem(String name, TierAction action, boolean defaulted) {
        Reserved reserved = RESERVED_TIERS.get(name);
        if (reserved == null || action == reserved.action()) {
            return Optional.empty();
        }
        return Optional.of("the " + Names.quote(name) + " tier must have defaultAction "
                + reserved.action().manifestName() + ", got " + action.manifestName()
                + (defaulted ? " (the default)" : ""));
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
