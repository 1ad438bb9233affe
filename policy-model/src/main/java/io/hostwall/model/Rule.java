package io.hostwall.model;

import io.hostwall.net.IpFamily;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;

/**
 * One policy or profile rule, validated. {@code annotations} come from {@code metadata.annotations} and only
 * ever become comments.
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
     * A rule with only an action: it matches every packet.
     *
     * @param action what the rule does
     * @return the rule
     */
    public static Rule of(Action action) {
        return new Rule(action, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), EntityRule.ANY, EntityRule.ANY, Optional.empty(), ImmutableSortedMap.of());
    }
}
