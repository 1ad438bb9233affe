package io.hostwall.compiler.chains;

import io.hostwall.compiler.DenyAction;
import io.hostwall.compiler.plan.Binding;
import io.hostwall.compiler.plan.PolicyPlanner;
import io.hostwall.compiler.plan.Stage;
import io.hostwall.compiler.plan.TierPlan;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hostwall.ir.CtState;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.MarkBits;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin.Builtin;
import io.hostwall.ir.RuleOrigin.Purpose;
import io.hostwall.model.Direction;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Profile;
import io.hostwall.model.TierAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-endpoint chains of FR §4 (one set per bound interface, and one for the {@code *} endpoint): conntrack
 * block, failsafe jump, mark reset, tiers of policy jumps with end-of-tier drops, profiles, final drop — each
 * part only in the stages that have it (SEMANTICS §7.1).
 */
public final class EndpointChains {
    /**
     * What differs between the stage flavours of an endpoint chain. {@code dropVariant} names the policy chains
     * apart when the same normal policy is needed with REJECT (filter) and with DROP (mangle); untracked and
     * pre-DNAT policies only ever run in raw/mangle, so their one chain drops.
     */
    private record Flavor(boolean conntrack, Optional<String> failsafe, boolean tierDrops, boolean notrack,
            boolean profiles, boolean finalDrop, IrAction deny, boolean dropVariant) {}

    private final Names names;
    private final ChainSink sink;
    private final MarkBits marks;
    private final PolicyPlanner planner;
    private final PolicyChains policyChains;
    private final FailsafeChains failsafes;
    private final Map<String, Profile> profiles;
    private final IrAction filterDeny;
    private final int groupThreshold;
    private final GroupMemo memo;
    // What the binding being built defined and named (see bind): its own chains, the policy chains it jumps to and
    // the failsafe chains it uses.
    private final java.util.LinkedHashSet<String> own = new java.util.LinkedHashSet<>();
    private java.util.IdentityHashMap<GlobalNetworkPolicy, List<String>> jumpedTo = new java.util.IdentityHashMap<>();
    private final java.util.LinkedHashSet<String> shared = new java.util.LinkedHashSet<>();

    /**
     * The endpoint chains of one binding as the dispatch chains name them: each stage's chain, empty where the
     * binding has none.
     *
     * @param rawFrom untracked ingress
     * @param rawTo untracked egress
     * @param preDnat pre-DNAT ingress
     * @param from normal ingress
     * @param to normal egress
     * @param fromForward forward ingress
     * @param toForward forward egress
     * @param mangleTo normal egress for DNAT'd host traffic
     */
    public record Targets(Optional<String> rawFrom, Optional<String> rawTo, Optional<String> preDnat, String from,
            String to, String fromForward, String toForward, String mangleTo) {}

    /**
     * What one binding's endpoint chains are, so that a later compile can rebuild just that binding (NodeChains).
     *
     * @param targets the chains the dispatch chains name
     * @param own the chains built for this binding alone (endpoint and group chains)
     * @param policyChains the policy chains they jump to, by policy (identity keys; read-only)
     * @param failsafeChains the failsafe chains they jump to
     */
    public record BindingChains(Targets targets, ImmutableList<String> own,
            Map<GlobalNetworkPolicy, List<String>> policyChains, ImmutableList<String> failsafeChains) {}

    public EndpointChains(Names names, ChainSink sink, MarkBits marks, PolicyPlanner planner, PolicyChains policyChains,
            FailsafeChains failsafes, Map<String, Profile> profiles, DenyAction denyAction, int groupThreshold,
            GroupMemo memo) {
        this.memo = memo;
        this.names = names;
        this.sink = sink;
        this.marks = marks;
        this.planner = planner;
        this.policyChains = policyChains;
        this.failsafes = failsafes;
        this.profiles = profiles;
        this.filterDeny = denyAction == DenyAction.REJECT ? new IrAction.Reject() : new IrAction.Drop();
        this.groupThreshold = groupThreshold;
    }

    /**
     * Builds every endpoint chain of {@code b}: untracked (named endpoints only) and pre-DNAT ones where a policy
     * of that stage selects it, the normal, forward and mangle ones always.
     *
     * @param b the binding
     * @param policies the policies selecting its endpoint, in evaluation order
     * @return the chains built and named
     */
    public BindingChains bind(Binding b, List<GlobalNetworkPolicy> policies) {
        own.clear();
        // One entry per selecting policy: sized up front, as growing it by rehashing was 3 % of a patch (JFR).
        jumpedTo = new java.util.IdentityHashMap<>(policies.size());
        shared.clear();
        boolean untracked = !b.allInterfaces() && PolicyPlanner.any(policies, Stage.UNTRACKED);
        Optional<String> rawFrom = untracked ? Optional.of(untracked(b, policies, Direction.INGRESS))
                : Optional.empty();
        Optional<String> rawTo = untracked ? Optional.of(untracked(b, policies, Direction.EGRESS)) : Optional.empty();
        Optional<String> pre = PolicyPlanner.any(policies, Stage.PRE_DNAT) ? Optional.of(preDnat(b, policies))
                : Optional.empty();
        String from = normalIngress(b, policies);
        String to = normalEgress(b, policies);
        String fromFw = forward(b, policies, Direction.INGRESS);
        String toFw = forward(b, policies, Direction.EGRESS);
        String mangleTo = mangleEgress(b, policies);
        return new BindingChains(new Targets(rawFrom, rawTo, pre, from, to, fromFw, toFw, mangleTo),
                ImmutableList.copyOf(own), java.util.Collections.unmodifiableMap(jumpedTo),
                ImmutableList.copyOf(shared));
    }

    /** Notes that the binding being built jumps to {@code chain}, a chain of {@code p}. */
    private void jumped(GlobalNetworkPolicy p, String chain) {
        List<String> chains = jumpedTo.computeIfAbsent(p, k -> new ArrayList<>(4));
        if (!chains.contains(chain)) {
            chains.add(chain);
        }
    }

    private String add(String name, ImmutableList<IrRule> rules) {
        own.add(name);
        return sink.add(name, rules);
    }

    /** Normal ingress, filter INPUT: {@code hw-fh-<if>}. */
    public String normalIngress(Binding b, List<GlobalNetworkPolicy> policies) {
        return build("fh", b, policies, Stage.NORMAL, Direction.INGRESS,
                new Flavor(true, failsafes.in(), true, false, true, true, filterDeny, false));
    }

    /** Normal egress, filter OUTPUT: {@code hw-th-<if>}. */
    public String normalEgress(Binding b, List<GlobalNetworkPolicy> policies) {
        return build("th", b, policies, Stage.NORMAL, Direction.EGRESS,
                new Flavor(true, failsafes.out(), true, false, true, true, filterDeny, false));
    }

    /**
     * Normal egress for DNAT'd host traffic, mangle POSTROUTING. The same chain as {@link #normalEgress} unless the
     * filter stage rejects (mangle can only drop): then a drop variant {@code hw-mth-<if>}.
     */
    public String mangleEgress(Binding b, List<GlobalNetworkPolicy> policies) {
        if (!(filterDeny instanceof IrAction.Reject)) {
            // The very chain normalEgress built for this binding (the dispatch asks for it first): not built twice
            // and compared (JFR: 5 % of a fresh compile).
            String same = names.chain("th", b.chainToken());
            return sink.has(same) ? same : normalEgress(b, policies);
        }
        return build("mth", b, policies, Stage.NORMAL, Direction.EGRESS,
                new Flavor(true, failsafes.out(), true, false, true, true, new IrAction.Drop(), true));
    }

    /** Forward ingress/egress, filter FORWARD: {@code hw-fhfw-<if>} / {@code hw-thfw-<if>}. */
    public String forward(Binding b, List<GlobalNetworkPolicy> policies, Direction direction) {
        String kind = direction == Direction.INGRESS ? "fhfw" : "thfw";
        String name = names.chain(kind, b.chainToken());
        List<IrRule> r = new ArrayList<>(conntrack(filterDeny));
        r.add(clearAcceptPass());
        if (!PolicyPlanner.any(policies, Stage.FORWARD)) {
            r.add(IrRule.of(Builtin.of(Purpose.FORWARD_DEFAULT_ALLOW), new IrAction.SetMark(marks.accept(), marks.accept())));
            r.add(IrRule.of(Builtin.of(Purpose.FORWARD_DEFAULT_RETURN), new IrAction.Return()));
        } else {
            r.addAll(tiers(kind, b, planner.tiers(policies, Stage.FORWARD, direction), direction, true, false,
                    filterDeny, false));
        }
        return add(name, ImmutableList.copyOf(r));
    }

    /** Pre-DNAT ingress, mangle PREROUTING: {@code hw-pfh-<if>}. No default drop. */
    public String preDnat(Binding b, List<GlobalNetworkPolicy> policies) {
        return build("pfh", b, policies, Stage.PRE_DNAT, Direction.INGRESS,
                new Flavor(true, failsafes.in(), false, false, false, false, new IrAction.Drop(), false));
    }

    /** Untracked ingress/egress, raw: {@code hw-ufh-<if>} / {@code hw-uth-<if>}. Allow also exempts from conntrack. */
    public String untracked(Binding b, List<GlobalNetworkPolicy> policies, Direction direction) {
        Optional<String> fs = direction == Direction.INGRESS ? failsafes.rawIn() : failsafes.rawOut();
        return build(direction == Direction.INGRESS ? "ufh" : "uth", b, policies, Stage.UNTRACKED, direction,
                new Flavor(false, fs, false, true, false, false, new IrAction.Drop(), false));
    }

    private String build(String kind, Binding b, List<GlobalNetworkPolicy> policies, Stage stage, Direction direction,
            Flavor f) {
        String name = names.chain(kind, b.chainToken());
        List<IrRule> r = new ArrayList<>();
        if (f.conntrack()) {
            r.addAll(conntrack(f.deny()));
        }
        f.failsafe().ifPresent(shared::add);
        f.failsafe().ifPresent(fs -> r.add(IrRule.of(Builtin.of(Purpose.FAILSAFE_JUMP), new IrAction.Jump(fs))));
        r.add(clearAcceptPass());
        r.addAll(tiers(kind, b, planner.tiers(policies, stage, direction), direction, f.tierDrops(), f.notrack(),
                f.deny(), f.dropVariant()));
        if (f.profiles()) {
            for (String profileName : b.hep().profiles()) {
                Profile p = profiles.get(profileName);
                String chain = policyChains.profile(p, direction, f.deny(), f.dropVariant());
                r.add(IrRule.of(Builtin.of(Purpose.PROFILE_JUMP, profileName), new IrAction.Jump(chain)));
                r.add(IrRule.of(Builtin.of(Purpose.PROFILE_ACCEPTED_RETURN), new IrAction.Return(), acceptSet()));
            }
        }
        if (f.finalDrop()) {
            r.add(IrRule.of(Builtin.of(Purpose.FINAL_DROP, b.hep().name()), f.deny()));
        }
        return add(name, ImmutableList.copyOf(r));
    }

    private List<IrRule> tiers(String kind, Binding b, List<TierPlan> tiers, Direction direction, boolean tierDrops,
            boolean notrack, IrAction deny, boolean dropVariant) {
        List<IrRule> r = new ArrayList<>();
        for (TierPlan t : tiers) {
            String tier = t.tier().name();
            r.add(IrRule.of(Builtin.of(Purpose.TIER_START, tier), new IrAction.SetMark(0, marks.pass())));
            if (t.policies().size() <= groupThreshold) {
                t.policies().forEach(p -> r.addAll(policyJump(p, direction, notrack, deny, dropVariant)));
            } else {
                r.addAll(groups(kind, b, t, direction, notrack, deny, dropVariant));
            }
            if (tierDrops && t.tier().defaultAction() == TierAction.DENY) {
                r.add(IrRule.of(Builtin.of(Purpose.TIER_END, tier), deny, passClear()));
            }
        }
        return r;
    }

    /**
     * One policy's jump and what follows it: the jump, skipped once a policy of the tier passed the packet, and the
     * return that ends the chain once it accepted (untracked: after exempting the packet from conntrack).
     */
    private List<IrRule> policyJump(GlobalNetworkPolicy p, Direction direction, boolean notrack, IrAction deny,
            boolean dropVariant) {
        String chain = policyChains.policy(p, direction, deny, dropVariant);
        jumped(p, chain);
        List<IrRule> r = new ArrayList<>(3);
        r.add(IrRule.of(Builtin.of(Purpose.POLICY_JUMP, p.name()), new IrAction.Jump(chain), passClear()));
        if (notrack) {
            r.add(IrRule.of(Builtin.of(Purpose.UNTRACKED_NOTRACK), new IrAction.Notrack(), acceptSet()));
        }
        r.add(IrRule.of(Builtin.of(Purpose.POLICY_ACCEPTED_RETURN), new IrAction.Return(), acceptSet()));
        return r;
    }

    /**
     * A long tier as a tree of group chains ({@link PolicyGroups}): the endpoint chain jumps to outer groups, an
     * outer group to inner groups, an inner group to policies. A group's jump is skipped once a policy passed the
     * packet, as a policy's is, and after it the chain returns if a policy of the group accepted, so the verdict is
     * the one of the flat layout. A group is named by the endpoint chain, its level and the policy that starts it
     * (the tier's first group by the tier), so the groups an update leaves alone keep their names and rules.
     */
    private List<IrRule> groups(String kind, Binding b, TierPlan t, Direction direction, boolean notrack,
            IrAction deny, boolean dropVariant) {
        List<IrRule> top = new ArrayList<>();
        for (List<List<GlobalNetworkPolicy>> outer : PolicyGroups.cutBy(t.policies(), memo::boundary)) {
            List<IrRule> outerRules = new ArrayList<>();
            for (List<GlobalNetworkPolicy> inner : outer) {
                String innerName = groupName(kind + "g", b, t, inner.get(0));
                Optional<GroupMemo.Group> kept = memo.reusable(innerName, inner);
                if (kept.isPresent()) {
                    for (int i = 0; i < inner.size(); i++) {
                        jumped(inner.get(i), kept.get().policyChains().get(i));
                    }
                    add(innerName, kept.get().rules());
                } else {
                    List<IrRule> innerRules = new ArrayList<>();
                    List<String> targets = new ArrayList<>(inner.size());
                    for (GlobalNetworkPolicy p : inner) {
                        List<IrRule> jump = policyJump(p, direction, notrack, deny, dropVariant);
                        innerRules.addAll(jump);
                        targets.add(((IrAction.Jump) jump.get(0).action()).chain());
                    }
                    ImmutableList<IrRule> rules = ImmutableList.copyOf(innerRules);
                    memo.put(innerName, new GroupMemo.Group(List.copyOf(inner), rules, ImmutableList.copyOf(targets)));
                    add(innerName, rules);
                }
                outerRules.addAll(groupJump(innerName, inner.get(0)));
            }
            String outerName = add(groupName(kind + "gg", b, t, outer.get(0).get(0)),
                    ImmutableList.copyOf(outerRules));
            top.addAll(groupJump(outerName, outer.get(0).get(0)));
        }
        return top;
    }

    private List<IrRule> groupJump(String chain, GlobalNetworkPolicy first) {
        return List.of(
                IrRule.of(Builtin.of(Purpose.POLICY_GROUP_JUMP, first.name()), new IrAction.Jump(chain), passClear()),
                IrRule.of(Builtin.of(Purpose.POLICY_GROUP_ACCEPTED_RETURN), new IrAction.Return(), acceptSet()));
    }

    /**
     * {@code <prefix>-<kind>g-<interface>_t.<tier>} for a tier's first group, {@code ..._p.<policy>} for a group a
     * boundary policy starts ({@code gg}: outer groups). Policy and tier names have no {@code _}, so the last one
     * splits the interface from the rest and no two groups share a name.
     */
    private String groupName(String kind, Binding b, TierPlan t, GlobalNetworkPolicy first) {
        boolean tierStart = first == t.policies().get(0);
        return names.chain(kind, b.chainToken() + "_" + (tierStart ? "t." + t.tier().name() : "p." + first.name()));
    }

    private List<IrRule> conntrack(IrAction deny) {
        return List.of(
                IrRule.of(Builtin.of(Purpose.CONNTRACK_ACCEPT), new IrAction.Accept(),
                        new Match.ConntrackState(ImmutableSet.of(CtState.RELATED, CtState.ESTABLISHED), false)),
                IrRule.of(Builtin.of(Purpose.CONNTRACK_INVALID), deny,
                        new Match.ConntrackState(ImmutableSet.of(CtState.INVALID), false)));
    }

    private IrRule clearAcceptPass() {
        return IrRule.of(Builtin.of(Purpose.MARK_RESET), new IrAction.SetMark(0, marks.accept() | marks.pass()));
    }

    private Match acceptSet() {
        return new Match.Mark(marks.accept(), marks.accept(), false);
    }

    private Match passClear() {
        return new Match.Mark(marks.pass(), 0, false);
    }
}
