package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IpSet;
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
import java.util.function.Function;

/**
 * Policy and profile chains ({@code hw-pi-<policy>}, {@code hw-po-<policy>}, {@code hw-pri-<profile>},
 * {@code hw-pro-<profile>}): the rules in order, each Allow setting the accept mark and returning, Pass the pass
 * mark, Deny discarding. A chain is shared by every endpoint and stage that uses it; a variant with plain drop is
 * made for tables where REJECT is not allowed (only when the filter stage rejects).
 */
public final class PolicyChains {
    private final Names names;
    private final ChainSink sink;
    private final SetRegistry sets;
    private final PolicyChainCache cache;
    private final Function<SetRegistry, RuleCompiler> compilerFor;
    // What this compile defined, in order, so that a later compile can patch the result (NodeChains).
    // A use's sets are null while its chain is only requested (named by an endpoint chain, not yet defined).
    private final List<NodeChains.Use> uses = new ArrayList<>();
    private final java.util.Set<String> requested = new java.util.HashSet<>();

    /**
     * Policy chains of one compile.
     *
     * @param names the naming scheme
     * @param sink where the node's chains go
     * @param sets the node's set registry, which receives the sets of cached policy chains too
     * @param cache policy chains compiled before (by this compiler, for the same address book)
     * @param compilerFor a rule compiler recording into a given registry: a policy chain is compiled against a
     *     registry of its own so that the cache knows which sets it names
     */
    public PolicyChains(Names names, ChainSink sink, SetRegistry sets, PolicyChainCache cache,
            Function<SetRegistry, RuleCompiler> compilerFor) {
        this.names = names;
        this.sink = sink;
        this.sets = sets;
        this.cache = cache;
        this.compilerFor = compilerFor;
    }

    /**
     * The name of the chain of {@code policy}'s rules for {@code direction}; {@code deny} is how Deny discards there.
     * The chain itself is defined by {@link #defineRequested}, so that endpoint chains can be built while the
     * policies' chains are still being compiled on other threads.
     */
    String policy(GlobalNetworkPolicy policy, Direction direction, IrAction deny, boolean dropVariant) {
        String kind = (direction == Direction.INGRESS ? "pi" : "po") + (dropVariant ? "d" : "");
        String name = names.chain(kind, policy.name());
        if (requested.add(name)) {
            uses.add(new NodeChains.Use(Optional.of(policy), name, direction, deny, dropVariant, null));
        }
        return name;
    }

    /**
     * Defines every policy chain {@link #policy} named since the last call, with the sets it uses (compiled now
     * unless the cache has it).
     */
    public void defineRequested() {
        for (int i = 0; i < uses.size(); i++) {
            NodeChains.Use u = uses.get(i);
            if (u.sets() != null) {
                continue;
            }
            GlobalNetworkPolicy policy = u.policy().orElseThrow();
            PolicyChainCache.Product product = product(policy, u.direction(), u.deny(), u.dropVariant());
            product.sets().forEach(sets::add);
            sink.add(u.name(), product.rules());
            uses.set(i, new NodeChains.Use(u.policy(), u.name(), u.direction(), u.deny(), u.dropVariant(),
                    product.sets()));
        }
    }

    /**
     * Compiles {@code policy}'s chain for {@code direction} into the cache unless it is there, without defining it
     * in this compile's ruleset; thread-safe, so a node's policies can be compiled on every core before the
     * (sequential) endpoint chains ask for them.
     *
     * @param policy the policy
     * @param direction its rules of this direction
     * @param deny how Deny discards in the chain's table
     * @param dropVariant whether this is the plain-drop variant
     */
    public void prepare(GlobalNetworkPolicy policy, Direction direction, IrAction deny, boolean dropVariant) {
        cache.get(policy, direction, deny, dropVariant, () -> compile(policy, direction, deny));
    }

    /**
     * {@code policy}'s compiled chain (from the cache, or compiled into it), without defining it in this compile.
     */
    PolicyChainCache.Product product(GlobalNetworkPolicy policy, Direction direction, IrAction deny,
            boolean dropVariant) {
        return cache.get(policy, direction, deny, dropVariant, () -> compile(policy, direction, deny));
    }

    /** What this compile's policy and profile chains are and which sets each brought in, in definition order. */
    List<NodeChains.Use> uses() {
        return uses;
    }

    private PolicyChainCache.Product compile(GlobalNetworkPolicy policy, Direction direction, IrAction deny) {
        SetRegistry own = new SetRegistry(sets.pool());
        ImmutableList<IrRule> body = body(compilerFor.apply(own), policy.rules(direction), deny,
                RuleOrigin.Owner.POLICY, policy.name(), Optional.of(policy.tier()), direction);
        return new PolicyChainCache.Product(body, ImmutableList.copyOf(own.recorded()));
    }

    String profile(Profile profile, Direction direction, IrAction deny, boolean dropVariant) {
        String kind = (direction == Direction.INGRESS ? "pri" : "pro") + (dropVariant ? "d" : "");
        String name = names.chain(kind, profile.name());
        if (!sink.has(name)) {
            // Into a registry of its own, like a policy chain, so that NodeChains knows which sets it brought in.
            SetRegistry own = new SetRegistry(sets.pool());
            sink.add(name, body(compilerFor.apply(own), profile.rules(direction), deny, RuleOrigin.Owner.PROFILE,
                    profile.name(), Optional.empty(), direction));
            ImmutableList<IpSet> brought = ImmutableList.copyOf(own.recorded());
            brought.forEach(sets::add);
            uses.add(new NodeChains.Use(Optional.empty(), name, direction, deny, dropVariant, brought));
        }
        return name;
    }

    private static ImmutableList<IrRule> body(RuleCompiler rules, List<Rule> list, IrAction deny, RuleOrigin.Owner owner, String ownerName,
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
