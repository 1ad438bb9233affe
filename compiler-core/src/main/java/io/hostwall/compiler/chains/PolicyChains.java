package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Profile;
import io.hostwall.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Policy and profile chains ({@code hw-pi-<policy>}, {@code hw-po-<policy>}, {@code hw-pri-<profile>},
 * {@code hw-pro-<profile>}): the rules in order, each Allow setting the accept mark and returning, Pass the pass
 * mark, Deny discarding. A chain is shared by every endpoint and stage that uses it; a variant with plain drop is
 * made for tables where REJECT is not allowed (only when the filter stage rejects).
 */
public final class PolicyChains {
    private final Names names;
    private final ChainSink sink;
    private final RuleCompiler rules;

    public PolicyChains(Names names, ChainSink sink, RuleCompiler rules) {
        this.names = names;
        this.sink = sink;
        this.rules = rules;
    }

    /** The chain of {@code policy}'s rules for {@code direction}; {@code deny} is how Deny discards there. */
    String policy(GlobalNetworkPolicy policy, Direction direction, IrAction deny, boolean dropVariant) {
        String kind = (direction == Direction.INGRESS ? "pi" : "po") + (dropVariant ? "d" : "");
        String name = names.chain(kind, policy.name());
        if (!sink.has(name)) {
            sink.add(name, body(policy.rules(direction), deny, RuleOrigin.Owner.POLICY, policy.name(),
                    Optional.of(policy.tier()), direction));
        }
        return name;
    }

    String profile(Profile profile, Direction direction, IrAction deny, boolean dropVariant) {
        String kind = (direction == Direction.INGRESS ? "pri" : "pro") + (dropVariant ? "d" : "");
        String name = names.chain(kind, profile.name());
        if (!sink.has(name)) {
            sink.add(name, body(profile.rules(direction), deny, RuleOrigin.Owner.PROFILE, profile.name(),
                    Optional.empty(), direction));
        }
        return name;
    }

    private ImmutableList<IrRule> body(List<Rule> list, IrAction deny, RuleOrigin.Owner owner, String ownerName,
            Optional<String> tier, Direction direction) {
        RuleOrigin.Direction dir = direction == Direction.INGRESS ? RuleOrigin.Direction.INGRESS : RuleOrigin.Direction.EGRESS;
        List<IrRule> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Rule r = list.get(i);
            out.addAll(rules.compile(r, deny, new RuleOrigin.PolicyRule(owner, ownerName, tier, dir, i, r.annotations())));
        }
        // Falling off the end is the same as returning: drop a trailing mark-guarded return (FR §8.1).
        if (!out.isEmpty() && out.get(out.size() - 1).action() instanceof IrAction.Return
                && out.get(out.size() - 1).matches().size() == 1
                && out.get(out.size() - 1).matches().get(0) instanceof Match.Mark) {
            out.remove(out.size() - 1);
        }
        return ImmutableList.copyOf(out);
    }
}
