package io.hostwall.compiler.oracle;

import io.hostwall.compiler.eval.RuleRef;
import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.eval.RuleRef.Owner;
import io.hostwall.model.Direction;
import io.hostwall.model.Rule;
import java.util.Optional;

/** A rule with its reference (for the decision) and its resolved matcher. */
record CompiledRule(RuleRef ref, RuleMatcher matcher) {

    static ImmutableList<CompiledRule> all(Owner owner, String name, Optional<String> tier, Direction direction,
            ImmutableList<Rule> rules, AddressResolver resolver) {
        ImmutableList.Builder<CompiledRule> out = ImmutableList.builder();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            out.add(new CompiledRule(new RuleRef(owner, name, tier, direction, i, r.action()),
                    RuleMatcher.of(r, resolver)));
        }
        return out.build();
    }
}
