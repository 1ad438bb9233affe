package io.hostwall.model.validation;

import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.Fields;
import io.hostwall.net.Cidr;

import io.hostwall.net.IpFamily;

import java.util.List;
import java.util.Optional;

/**
 * Calico's validateRule family checks: every net of a rule (source and destination, nets and notNets) is of one IP
 * family, and that family is the rule's {@code ipVersion} when one is set.
 */
final class NetFamilies {
    private NetFamilies() {}

    static void check(Fields rule, Optional<IpFamily> ipVersion, EntityRuleValidator.Side source,
            EntityRuleValidator.Side destination) {
        Optional<IpFamily> first = Optional.empty();
        for (EntityRuleValidator.Side side : List.of(source, destination)) {
            for (String key : List.of("nets", "notNets")) {
                List<Cidr> nets = key.equals("nets") ? side.entity().nets() : side.entity().notNets();
                if (nets.isEmpty()) {
                    continue;
                }
                FieldPath path = side.path().field(key);
                int line = side.line(key, rule.line());
                if (ipVersion.isPresent()) {
                    nets.stream().filter(c -> c.family() != ipVersion.get()).findFirst().ifPresent(c ->
                            rule.report().add(line, path, "ipVersion " + ipVersion.get().version()
                                    + " does not match the IPv" + c.family().version() + " net " + c));
                    continue;
                }
                if (first.isEmpty()) {
                    first = Optional.of(nets.get(0).family());
                }
                IpFamily family = first.get();
                nets.stream().filter(c -> c.family() != family).findFirst().ifPresent(c ->
                        rule.report().add(line, path, "a rule cannot mix IPv4 and IPv6 nets: " + c
                                + " is IPv" + c.family().version() + ", an earlier net is IPv" + family.version()));
            }
        }
    }
}
