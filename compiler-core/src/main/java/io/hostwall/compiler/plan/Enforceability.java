package io.hostwall.compiler.plan;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.EntityRule;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import io.hostwall.selector.Selector;
import java.util.List;

/**
 * Refuses rule fields a host endpoint cannot enforce (DESIGN.md): {@code http}, {@code serviceAccounts},
 * {@code services} and any rule {@code namespaceSelector} other than {@code global()}. Calico accepts them (they
 * are for workloads); silently dropping such a rule would change what it allows, so compile fails instead.
 */
public final class Enforceability {
    private Enforceability() {}

    public static void check(PolicySet set, Resource owner, String listField, List<Rule> rules, ImmutableList.Builder<Problem> out) {
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String at = "spec." + listField + "[" + i + "]";
            if (r.http().isPresent()) {
                out.add(problem(set, owner, at + ".http", "HTTP matches need application-layer policy on a workload; a host endpoint cannot enforce them"));
            }
            side(set, owner, at + ".source", r.source(), out);
            side(set, owner, at + ".destination", r.destination(), out);
        }
    }

    private static void side(PolicySet set, Resource owner, String at, EntityRule e, ImmutableList.Builder<Problem> out) {
        if (e.serviceAccounts().isPresent()) {
            out.add(problem(set, owner, at + ".serviceAccounts", "service accounts belong to workloads; a host endpoint rule cannot match them"));
        }
        if (e.services().isPresent()) {
            out.add(problem(set, owner, at + ".services", "Kubernetes service matches are not supported for host endpoints by hostwall"));
        }
        if (e.namespaceSelector().isPresent() && !isGlobal(e.namespaceSelector().get())) {
            out.add(problem(set, owner, at + ".namespaceSelector",
                    "namespaced selectors pick workloads, which hostwall does not know; only global() is supported"));
        }
    }

    private static boolean isGlobal(Selector s) {
        return s.toString().equals("global()");
    }

    public static Problem problem(PolicySet set, Resource owner, String field, String message) {
        return new Problem(set.locationOf(owner.ref()), java.util.Optional.of(owner.ref()), field, message);
    }
}
