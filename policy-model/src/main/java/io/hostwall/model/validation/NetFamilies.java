package io.hostwall.model.validation;

import io.hostwall.model.ModelRules;
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
                List<Cidr> nets = key.equals("nets") ? side.nets() : side.notNets();
                if (nets.isEmpty()) {
                    continue;
                }
                FieldPath path = side.path().field(key);
                int line = side.line(key, rule.line());
                ModelRules.netFamilyProblem(ipVersion, first, nets).ifPresent(p -> rule.report().add(line, path, p));
                if (first.isEmpty()) {
                    first = Optional.of(nets.get(0).family());
                }
            }
        }
    }
}
