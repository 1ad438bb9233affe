package io.hostwall.compiler.diff;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.SetMember;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import io.hostwall.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What differs between two IR rulesets of one node: chains added, removed or with changed rules, and sets added,
 * removed or with changed elements, each rule with its typed {@link RuleOrigin} (the policy rule, failsafe entry or
 * built-in it implements). Backend-neutral: it compares the IR, not a rendering.
 *
 * <pre>{@code
 * RulesetDiff d = RulesetDiff.between(oldCluster.compile("node1"), newCluster.compile("node1"));
 * d.chains().forEach(c -> c.rules().forEach(r -> System.out.println(c.name() + " " + r.change() + " " + r.origin())));
 * }</pre>
 *
 * <p>A selector's set keeps its name when its elements change (it is named by the selector) and is reported as
 * changed under that name. A content-addressed set (a rule's literal nets) whose elements change is renamed: the diff
 * pairs an old and a new set used by rules of the same origin in the same chain and reports the element changes, and
 * a rule that differs only by that rename is not reported as changed.
 *
 * @param node the node's name (the new ruleset's)
 * @param chains base chains first (in packet order), then regular chains by name; only those that differ
 * @param sets sets that differ, by name
 */
public record RulesetDiff(String node, ImmutableList<ChainDiff> chains, ImmutableList<SetDiff> sets) {

    /**
     * Checks for null.
     *
     * @param node the node's name (the new ruleset's)
     * @param chains base chains first (in packet order), then regular chains by name; only those that differ
     * @param sets sets that differ, by name
     */
    public RulesetDiff {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(chains, "chains");
        Objects.requireNonNull(sets, "sets");
    }

    /**
     * The difference between two rulesets, without the resources set elements come from.
     *
     * @param oldRuleset the old ruleset
     * @param newRuleset the new ruleset
     * @return the difference; {@link #isEmpty()} when they are equal
     */
    public static RulesetDiff between(Ruleset oldRuleset, Ruleset newRuleset) {
        return new Differ(oldRuleset, newRuleset, Optional.empty(), Optional.empty()).diff();
    }

    /**
     * The difference between two compiled nodes' rulesets, with the resources (GlobalNetworkSets, HostEndpoints)
     * each added or removed set element comes from.
     *
     * @param oldNode the node compiled from the old manifests
     * @param newNode the node compiled from the new manifests
     * @return the difference; {@link #isEmpty()} when the rulesets are equal
     */
    public static RulesetDiff between(CompiledNode oldNode, CompiledNode newNode) {
        return new Differ(oldNode.ruleset(), newNode.ruleset(), Optional.of(oldNode.cluster()),
                Optional.of(newNode.cluster())).diff();
    }

    /**
     * Whether the rulesets are equal (up to the names of renamed sets, which then differ in no element).
     *
     * @return true when nothing differs
     */
    public boolean isEmpty() {
        return chains.isEmpty() && sets.isEmpty();
    }

    /** The comparison of one pair of rulesets. */
    private static final class Differ {
        private final Ruleset oldRs;
        private final Ruleset newRs;
        private final Optional<PolicySet> oldCluster;
        private final Optional<PolicySet> newCluster;
        private final Map<String, String> renamed = new HashMap<>();

        Differ(Ruleset oldRs, Ruleset newRs, Optional<PolicySet> oldCluster, Optional<PolicySet> newCluster) {
            this.oldRs = oldRs;
            this.newRs = newRs;
            this.oldCluster = oldCluster;
            this.newCluster = newCluster;
        }

        RulesetDiff diff() {
            ImmutableList<SetDiff> sets = sets();
            ImmutableList.Builder<ChainDiff> chains = ImmutableList.builder();
            Map<String, BaseChain> oldBase = new LinkedHashMap<>();
            oldRs.baseChains().forEach(b -> oldBase.put(b.name(), b));
            Set<String> seen = new HashSet<>();
            for (BaseChain b : newRs.baseChains()) {
                seen.add(b.name());
                BaseChain o = oldBase.get(b.name());
                chain(b.name(), Optional.of(b), o == null ? Optional.empty() : Optional.of(o), o == null
                        ? Optional.empty() : Optional.of(o.rules()), Optional.of(b.rules())).ifPresent(chains::add);
            }
            for (BaseChain o : oldRs.baseChains()) {
                if (!seen.contains(o.name())) {
                    chain(o.name(), Optional.empty(), Optional.of(o), Optional.of(o.rules()), Optional.empty())
                            .ifPresent(chains::add);
                }
            }
            Map<String, Chain> oldChains = new HashMap<>();
            oldRs.chains().forEach(c -> oldChains.put(c.name(), c));
            Map<String, Chain> newChains = new HashMap<>();
            newRs.chains().forEach(c -> newChains.put(c.name(), c));
            TreeSet<String> names = new TreeSet<>(oldChains.keySet());
            names.addAll(newChains.keySet());
            for (String name : names) {
                Optional<Chain> o = Optional.ofNullable(oldChains.get(name));
                Optional<Chain> n = Optional.ofNullable(newChains.get(name));
                chain(name, Optional.empty(), Optional.empty(), o.map(Chain::rules), n.map(Chain::rules))
                        .ifPresent(chains::add);
            }
            return new RulesetDiff(newRs.node(), chains.build(), sets);
        }

        private Optional<ChainDiff> chain(String name, Optional<BaseChain> newBase, Optional<BaseChain> oldBase,
                Optional<ImmutableList<IrRule>> oldRules, Optional<ImmutableList<IrRule>> newRules) {
            Optional<BaseChain> base = newBase.or(() -> oldBase);
            Change change = oldRules.isEmpty() ? Change.ADDED : newRules.isEmpty() ? Change.REMOVED : Change.CHANGED;
            ImmutableList<RuleChange> rules = rules(oldRules.orElse(ImmutableList.of()),
                    newRules.orElse(ImmutableList.of()));
            boolean hookMoved = newBase.isPresent() && oldBase.isPresent()
                    && (newBase.get().table() != oldBase.get().table() || newBase.get().hook() != oldBase.get().hook());
            if (change == Change.CHANGED && rules.isEmpty() && !hookMoved) {
                return Optional.empty();
            }
            return Optional.of(new ChainDiff(name, base.map(BaseChain::table), base.map(BaseChain::hook), change,
                    rules));
        }

        /** The rule changes between two rule lists, old rules compared after renaming their sets. */
        private ImmutableList<RuleChange> rules(List<IrRule> oldRules, List<IrRule> newRules) {
            List<IrRule> oldRenamed = oldRules.stream().map(this::rename).toList();
            List<EditScript.Op> ops = EditScript.of(oldRenamed, newRules, IrRule::equals);
            ImmutableList.Builder<RuleChange> out = ImmutableList.builder();
            int i = 0;
            while (i < ops.size()) {
                if (ops.get(i).kind() == EditScript.Kind.KEEP) {
                    i++;
                    continue;
                }
                int end = i;
                while (end < ops.size() && ops.get(end).kind() != EditScript.Kind.KEEP) {
                    end++;
                }
                hunk(ops.subList(i, end), oldRules, newRules, out);
                i = end;
            }
            return out.build();
        }

        /**
         * One run of deletions and insertions between unchanged rules: an inserted rule whose origin equals that of
         * a deleted one (the first such, in order) is that rule changed.
         */
        private static void hunk(List<EditScript.Op> ops, List<IrRule> oldRules, List<IrRule> newRules,
                ImmutableList.Builder<RuleChange> out) {
            Map<Integer, Integer> pairOfInsert = new HashMap<>();
            Set<Integer> pairedDeletes = new HashSet<>();
            for (EditScript.Op ins : ops) {
                if (ins.kind() != EditScript.Kind.INSERT) {
                    continue;
                }
                RuleOrigin origin = newRules.get(ins.newIndex()).origin();
                for (EditScript.Op del : ops) {
                    if (del.kind() == EditScript.Kind.DELETE && !pairedDeletes.contains(del.oldIndex())
                            && oldRules.get(del.oldIndex()).origin().equals(origin)) {
                        pairedDeletes.add(del.oldIndex());
                        pairOfInsert.put(ins.newIndex(), del.oldIndex());
                        break;
                    }
                }
            }
            for (EditScript.Op op : ops) {
                if (op.kind() == EditScript.Kind.DELETE && !pairedDeletes.contains(op.oldIndex())) {
                    out.add(RuleChange.removed(op.oldIndex(), oldRules.get(op.oldIndex())));
                } else if (op.kind() == EditScript.Kind.INSERT) {
                    Integer old = pairOfInsert.get(op.newIndex());
                    out.add(old == null ? RuleChange.added(op.newIndex(), newRules.get(op.newIndex()))
                            : RuleChange.changed(old, oldRules.get(old), op.newIndex(), newRules.get(op.newIndex())));
                }
            }
        }

        /** The rule with the names of paired sets replaced by their new names. */
        private IrRule rename(IrRule rule) {
            if (renamed.isEmpty()) {
                return rule;
            }
            boolean any = false;
            ImmutableList.Builder<Match> matches = ImmutableList.builder();
            for (Match m : rule.matches()) {
                Match r = m;
                if (m instanceof Match.AddressSet s && renamed.containsKey(s.setName())) {
                    r = new Match.AddressSet(s.side(), renamed.get(s.setName()), s.ipFamily(), s.negated());
                } else if (m instanceof Match.AddressPortSet s && renamed.containsKey(s.setName())) {
                    r = new Match.AddressPortSet(s.side(), renamed.get(s.setName()), s.ipFamily(), s.negated());
                }
                any |= r != m;
                matches.add(r);
            }
            return any ? new IrRule(matches.build(), rule.action(), rule.origin()) : rule;
        }

        // ---- sets --------------------------------------------------------------------------------------------

        private ImmutableList<SetDiff> sets() {
            Map<String, IpSet> oldSets = new HashMap<>();
            oldRs.sets().forEach(s -> oldSets.put(s.name(), s));
            Map<String, IpSet> newSets = new HashMap<>();
            newRs.sets().forEach(s -> newSets.put(s.name(), s));
            Users oldUsers = users(oldRs);
            Users newUsers = users(newRs);
            List<String> removed = oldRs.sets().stream().map(IpSet::name).filter(n -> !newSets.containsKey(n))
                    .sorted().toList();
            List<String> added = new ArrayList<>(newRs.sets().stream().map(IpSet::name)
                    .filter(n -> !oldSets.containsKey(n)).sorted().toList());
            List<SetDiff> out = new ArrayList<>();
            for (String r : removed) {
                IpSet o = oldSets.get(r);
                Set<String> users = oldUsers.places.getOrDefault(r, Set.of());
                Optional<String> partner = added.stream().filter(a -> {
                    IpSet n = newSets.get(a);
                    return n.family() == o.family() && n.type() == o.type()
                            && newUsers.places.getOrDefault(a, Set.of()).stream().anyMatch(users::contains);
                }).findFirst();
                if (partner.isPresent()) {
                    added.remove(partner.get());
                    renamed.put(r, partner.get());
                    out.add(changedSet(o, newSets.get(partner.get()), newUsers));
                } else {
                    out.add(new SetDiff(Change.REMOVED, Optional.of(r), Optional.empty(), o.family(), o.type(),
                            elements(Change.REMOVED, o.members(), Set.of(), oldCluster),
                            ImmutableList.copyOf(oldUsers.origins.getOrDefault(r, new LinkedHashSet<>()))));
                }
            }
            for (String a : added) {
                IpSet n = newSets.get(a);
                out.add(new SetDiff(Change.ADDED, Optional.empty(), Optional.of(a), n.family(), n.type(),
                        elements(Change.ADDED, n.members(), Set.of(), newCluster),
                        ImmutableList.copyOf(newUsers.origins.getOrDefault(a, new LinkedHashSet<>()))));
            }
            for (IpSet n : newRs.sets()) {
                IpSet o = oldSets.get(n.name());
                if (o != null && !o.members().equals(n.members())) {
                    // A selector's set whose members changed keeps its name (SetPool names it by the selector).
                    out.add(changedSet(o, n, newUsers));
                }
            }
            out.sort(java.util.Comparator.comparing(SetDiff::name));
            return ImmutableList.copyOf(out);
        }

        private SetDiff changedSet(IpSet o, IpSet n, Users newUsers) {
            ImmutableList<ElementChange> elements = ImmutableList.<ElementChange>builder()
                    .addAll(elements(Change.REMOVED, o.members(), Set.copyOf(n.members()), oldCluster))
                    .addAll(elements(Change.ADDED, n.members(), Set.copyOf(o.members()), newCluster))
                    .build();
            return new SetDiff(Change.CHANGED, Optional.of(o.name()), Optional.of(n.name()), n.family(), n.type(),
                    elements, ImmutableList.copyOf(newUsers.origins.getOrDefault(n.name(), new LinkedHashSet<>())));
        }

        private static ImmutableList<ElementChange> elements(Change change, List<SetMember> members,
                Set<SetMember> other, Optional<PolicySet> cluster) {
            ImmutableList.Builder<ElementChange> out = ImmutableList.builder();
            for (SetMember m : members) {
                if (!other.contains(m)) {
                    out.add(new ElementChange(change, m, cluster.map(c -> sources(m, c)).orElse(ImmutableList.of())));
                }
            }
            return out.build();
        }

        /** The network sets and host endpoints an element comes from, sorted. */
        private static ImmutableList<ResourceRef> sources(SetMember m, PolicySet cluster) {
            TreeSet<ResourceRef> out = new TreeSet<>();
            for (Resource r : cluster.all()) {
                if (r instanceof GlobalNetworkSet s && m instanceof SetMember.Network n) {
                    for (Cidr net : s.nets()) {
                        if (net.family() == n.cidr().family() && (net.contains(n.cidr()) || n.cidr().contains(net))) {
                            out.add(s.ref());
                        }
                    }
                } else if (r instanceof HostEndpoint h) {
                    for (InetAddress ip : h.expectedIPs()) {
                        boolean holds = m instanceof SetMember.Network n ? n.cidr().contains(ip)
                                : ((SetMember.AddressProtocolPort) m).address().equals(ip);
                        if (holds) {
                            out.add(h.ref());
                        }
                    }
                }
            }
            return ImmutableList.copyOf(out);
        }

        /** Where each set is used: chain and origin of each rule (places), and the origins in ruleset order. */
        private record Users(Map<String, Set<String>> places, Map<String, LinkedHashSet<RuleOrigin>> origins) {}

        private static Users users(Ruleset rs) {
            Users u = new Users(new HashMap<>(), new HashMap<>());
            for (BaseChain b : rs.baseChains()) {
                note(u, b.name(), b.rules());
            }
            for (Chain c : rs.chains()) {
                note(u, c.name(), c.rules());
            }
            return u;
        }

        private static void note(Users u, String chain, List<IrRule> rules) {
            for (IrRule rule : rules) {
                for (Match m : rule.matches()) {
                    String set = m instanceof Match.AddressSet s ? s.setName()
                            : m instanceof Match.AddressPortSet s ? s.setName() : null;
                    if (set != null) {
                        u.places.computeIfAbsent(set, k -> new HashSet<>()).add(chain + "\n" + rule.origin());
                        u.origins.computeIfAbsent(set, k -> new LinkedHashSet<>()).add(rule.origin());
                    }
                }
            }
        }
    }
}
