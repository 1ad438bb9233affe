package io.hostwall.compiler.plan;

import io.hostwall.net.Cidr;
import io.hostwall.model.EntityRule;
import io.hostwall.net.IpFamily;
import io.hostwall.model.Protocol;
import io.hostwall.model.Rule;
import java.util.List;

/**
 * Which families' chains Felix writes a rule into (FR §8.2, {@code FilterRuleToIPVersion}): the rule's ipVersion,
 * the family ICMP or ICMPv6 implies, and its nets lists — a non-empty nets or notNets list with no CIDR of the family
 * drops the rule from that family, and so does a notNets catch-all ({@code 0.0.0.0/0}, {@code ::/0}). Selectors do
 * not count: a selector that resolves to nothing still leaves the rule in the chain, matching an empty set.
 */
public final class FelixFamilies {
    private FelixFamilies() {}

    public static boolean rendersIn(Rule rule, IpFamily f) {
        if (rule.ipVersion().isPresent() && rule.ipVersion().get() != f) {
            return false;
        }
        if (rule.protocol().filter(Protocol::isIcmp).isPresent() && f != IpFamily.V4
                || rule.protocol().filter(Protocol::isIcmpV6).isPresent() && f != IpFamily.V6) {
            return false;
        }
        for (EntityRule side : List.of(rule.source(), rule.destination())) {
            if (noneOf(side.nets(), f) || noneOf(side.notNets(), f)
                    || side.notNets().stream().anyMatch(c -> c.family() == f && c.isCatchAll())) {
                return false;
            }
        }
        return true;
    }

    private static boolean noneOf(List<Cidr> nets, IpFamily f) {
        return !nets.isEmpty() && nets.stream().noneMatch(c -> c.family() == f);
    }
}
