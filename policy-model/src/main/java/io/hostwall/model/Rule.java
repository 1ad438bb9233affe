package io.hostwall.model;

import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;

import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One policy or profile rule, checked as Calico checks it. {@code annotations} come from
 * {@code metadata.annotations} and only ever become comments.
 *
 * <pre>{@code
 * Rule ssh = Rule.allow().protocol(Protocol.TCP)
 *         .destination(EntityRule.builder().ports(PortSpec.port(22)).build())
 *         .build();
 * }</pre>
 *
 * @param action what a matching packet gets
 * @param protocol the IP protocol the packet must have
 * @param notProtocol an IP protocol the packet must not have
 * @param ipVersion the IP family the rule applies to; all nets must be of it
 * @param icmp ICMP type/code to match; needs protocol ICMP or ICMPv6
 * @param notIcmp ICMP type/code not to match
 * @param source the packet's source
 * @param destination the packet's destination
 * @param http an HTTP match (Allow rules, no egress; not enforceable on host endpoints)
 * @param annotations {@code metadata.annotations}
 */
public record Rule(
        Action action,
        Optional<Protocol> protocol,
        Optional<Protocol> notProtocol,
        Optional<IpFamily> ipVersion,
        Optional<IcmpMatch> icmp,
        Optional<IcmpMatch> notIcmp,
        EntityRule source,
        EntityRule destination,
        Optional<HttpMatch> http,
        ImmutableSortedMap<String, String> annotations) {

    /**
     * Checks Calico's cross-field rules of one rule (those that do not depend on its direction, which the policy
     * checks).
     *
     * @param action what a matching packet gets
     * @param protocol the IP protocol the packet must have
     * @param notProtocol an IP protocol the packet must not have
     * @param ipVersion the IP family the rule applies to; all nets must be of it
     * @param icmp ICMP type/code to match; needs protocol ICMP or ICMPv6
     * @param notIcmp ICMP type/code not to match
     * @param source the packet's source
     * @param destination the packet's destination
     * @param http an HTTP match (Allow rules, no egress; not enforceable on host endpoints)
     * @param annotations {@code metadata.annotations}
     * @throws InvalidResourceException if one is broken; the field is relative to the rule, e.g.
     *                                  {@code destination.ports}
     */
    public Rule {
        Checks.nonNull(action, "action");
        Checks.nonNull(protocol, "protocol");
        Checks.nonNull(notProtocol, "notProtocol");
        Checks.nonNull(ipVersion, "ipVersion");
        Checks.nonNull(icmp, "icmp");
        Checks.nonNull(notIcmp, "notIcmp");
        Checks.nonNull(source, "source");
        Checks.nonNull(destination, "destination");
        Checks.nonNull(http, "http");
        annotations = Checks.map(annotations, "annotations");

        for (String key : annotations.keySet()) {
            Checks.check("metadata.annotations[" + Names.printable(key) + "]", ModelRules.annotationKeyProblem(key));
        }
        Checks.check("metadata.annotations", ModelRules.annotationsSizeProblem(annotations.entrySet()));
        if (icmp.isPresent()) {
            Checks.check("icmp", ModelRules.icmpProtocolProblem(protocol));
        }
        Checks.check("source.ports", ModelRules.portProtocolProblem(protocol, source.ports()));
        Checks.check("source.notPorts", ModelRules.portProtocolProblem(protocol, source.notPorts()));
        Checks.check("destination.ports", ModelRules.portProtocolProblem(protocol, destination.ports()));
        Checks.check("destination.notPorts", ModelRules.portProtocolProblem(protocol, destination.notPorts()));
        if (http.isPresent()) {
            Checks.check("protocol", ModelRules.httpProtocolProblem(protocol));
        }
        if (ipVersion.isPresent()) {
            Checks.check("ipVersion", ModelRules.icmpFamilyProblem("protocol", protocol, ipVersion.get()));
            Checks.check("ipVersion", ModelRules.icmpFamilyProblem("notProtocol", notProtocol, ipVersion.get()));
        }
        Optional<IpFamily> earlier = Optional.empty();
        for (String side : List.of("source", "destination")) {
            EntityRule entity = side.equals("source") ? source : destination;
            for (String key : List.of("nets", "notNets")) {
                List<Cidr> nets = key.equals("nets") ? entity.nets() : entity.notNets();
                Checks.check(side + "." + key, ModelRules.netFamilyProblem(ipVersion, earlier, nets));
                if (earlier.isEmpty() && !nets.isEmpty()) {
                    earlier = Optional.of(nets.get(0).family());
                }
            }
        }
        if (http.isPresent()) {
            Checks.check("action", ModelRules.httpActionProblem(action));
        }
        Checks.check("destination", ModelRules.servicesWithPortsProblem(destination.services().isPresent(),
                !destination.ports().isEmpty() || !destination.notPorts().isEmpty()));
    }

    /**
     * A rule with only an action: matches every packet.
     *
     * @param action the action
     * @return the rule
     */
    public static Rule of(Action action) {
        return builder(action).build();
    }

    /**
     * A builder for a rule with {@code action}, matching every packet until told otherwise.
     *
     * @param action the action
     * @return a new builder
     */
    public static Builder builder(Action action) {
        return new Builder(action);
    }

    /**
     * A builder for an Allow rule.
     *
     * @return a new builder
     */
    public static Builder allow() {
        return builder(Action.ALLOW);
    }

    /**
     * A builder for a Deny rule.
     *
     * @return a new builder
     */
    public static Builder deny() {
        return builder(Action.DENY);
    }

    /**
     * A builder for a Log rule.
     *
     * @return a new builder
     */
    public static Builder log() {
        return builder(Action.LOG);
    }

    /**
     * A builder for a Pass rule.
     *
     * @return a new builder
     */
    public static Builder pass() {
        return builder(Action.PASS);
    }

    /**
     * A builder holding this rule's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(action).source(source).destination(destination).annotations(annotations);
        b.protocol = protocol;
        b.notProtocol = notProtocol;
        b.ipVersion = ipVersion;
        b.icmp = icmp;
        b.notIcmp = notIcmp;
        b.http = http;
        return b;
    }

    /** Builds a {@link Rule}; each setter replaces what was set before. */
    public static final class Builder {
        private Action action;
        private Optional<Protocol> protocol = Optional.empty();
        private Optional<Protocol> notProtocol = Optional.empty();
        private Optional<IpFamily> ipVersion = Optional.empty();
        private Optional<IcmpMatch> icmp = Optional.empty();
        private Optional<IcmpMatch> notIcmp = Optional.empty();
        private EntityRule source = EntityRule.ANY;
        private EntityRule destination = EntityRule.ANY;
        private Optional<HttpMatch> http = Optional.empty();
        private final Map<String, String> annotations = new TreeMap<>();

        private Builder(Action action) {
            this.action = Checks.nonNull(action, "action");
        }

        /**
         * Sets the action.
         *
         * @param a the action
         * @return this builder
         */
        public Builder action(Action a) {
            action = Checks.nonNull(a, "action");
            return this;
        }

        /**
         * Sets {@code protocol}.
         *
         * @param p the protocol
         * @return this builder
         */
        public Builder protocol(Protocol p) {
            protocol = Optional.of(p);
            return this;
        }

        /**
         * Sets {@code notProtocol}.
         *
         * @param p the protocol
         * @return this builder
         */
        public Builder notProtocol(Protocol p) {
            notProtocol = Optional.of(p);
            return this;
        }

        /**
         * Sets {@code ipVersion}.
         *
         * @param family the family
         * @return this builder
         */
        public Builder ipVersion(IpFamily family) {
            ipVersion = Optional.of(family);
            return this;
        }

        /**
         * Sets {@code icmp}.
         *
         * @param match the ICMP match
         * @return this builder
         */
        public Builder icmp(IcmpMatch match) {
            icmp = Optional.of(match);
            return this;
        }

        /**
         * Sets {@code notICMP}.
         *
         * @param match the ICMP match
         * @return this builder
         */
        public Builder notIcmp(IcmpMatch match) {
            notIcmp = Optional.of(match);
            return this;
        }

        /**
         * Sets {@code source}.
         *
         * @param side the source
         * @return this builder
         */
        public Builder source(EntityRule side) {
            source = Checks.nonNull(side, "source");
            return this;
        }

        /**
         * Sets {@code destination}.
         *
         * @param side the destination
         * @return this builder
         */
        public Builder destination(EntityRule side) {
            destination = Checks.nonNull(side, "destination");
            return this;
        }

        /**
         * Sets {@code http}.
         *
         * @param match the HTTP match
         * @return this builder
         */
        public Builder http(HttpMatch match) {
            http = Optional.of(match);
            return this;
        }

        /**
         * Replaces the annotations.
         *
         * @param values the annotations
         * @return this builder
         */
        public Builder annotations(Map<String, String> values) {
            Map<String, String> copy = Checks.map(values, "annotations");
            annotations.clear();
            annotations.putAll(copy);
            return this;
        }

        /**
         * Adds one annotation.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder annotation(String key, String value) {
            annotations.put(Checks.nonNull(key, "annotation key"), Checks.nonNull(value, "annotation value"));
            return this;
        }

        /**
         * The rule.
         *
         * @return the checked rule
         * @throws InvalidResourceException if it breaks one of Calico's rules
         */
        public Rule build() {
            return new Rule(action, protocol, notProtocol, ipVersion, icmp, notIcmp, source, destination, http,
                    ImmutableSortedMap.copyOf(annotations));
        }
    }
}
