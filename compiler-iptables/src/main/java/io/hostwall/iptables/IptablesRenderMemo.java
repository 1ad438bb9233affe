package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dataplane's objects of the previous {@code desired()} call, kept so that the next call renders again only the
 * IR chains and sets that changed (NftRenderMemo does the same for nftables). A one-policy edit alters a few chains
 * of thousands, while rendering all of them again, per family and table, and parsing every rule for the objects it
 * uses, was most of a warm sync's JVM time.
 *
 * <p>Why reuse is exact: an own chain's objects (the chain and its guard helpers, with their {@code uses}) depend
 * only on the IR chain, the family and table (the scope, part of the key), the iptables names of the chains it
 * jumps to (a pure function of their IR names; reachability puts every target of a chain in the same table), and
 * the type and family (or absence) of the IR sets its rules name, which are checked again before a rendering is
 * reused. The rest —
 * reachability, hooks, the uniqueness of names — is computed afresh every call. An IR chain or set that is
 * identical (then equal) to the previous call's gets the very same {@link DesiredObject}, so that
 * {@code Delta.between} finds it unchanged by reference. A failing call leaves the kept renderings as they were.
 *
 * <p>Only the previous call's renderings are kept. Not thread-safe: the dataplane calls it under a lock.
 */
final class IptablesRenderMemo {
    /** One IR chain as rendered in one table of one family: its own chain, its helpers, the sets it matched. */
    private record RenderedChain(Object ir, String name, ImmutableList<DesiredObject.Chain> objects,
            ImmutableMap<String, String> sets) {}

    /** One IR set as rendered. */
    private record RenderedSet(IpSet ir, DesiredObject.Set object) {}

    private Map<String, Map<String, RenderedChain>> chains = Map.of();
    private Map<String, RenderedSet> sets = Map.of();
    private long reused;

    /** {@return how many chains and sets the last call took from the call before it (for tests)} */
    long reused() {
        return reused;
    }

    /**
     * The ruleset as the dataplane's objects; equal to what {@link DesiredObjects#of} gives for it.
     *
     * @param tag the owner comment of hook rules
     */
    DesiredState render(Ruleset ruleset, String tag) {
        TableRenderer tables = new TableRenderer(ruleset);
        Map<String, IpSet> irSets = tables.sets();
        long reusedNow = 0;
        List<DesiredObject> out = new ArrayList<>();
        Map<String, Map<String, RenderedChain>> nextChains = new HashMap<>();
        for (IpFamily f : IpFamily.values()) {
            for (TableKind t : TableKind.values()) {
                String scope = new TableScope(f, t).scope();
                Map<String, RenderedChain> prev = chains.getOrDefault(scope, Map.of());
                Map<String, RenderedChain> next = new HashMap<>();
                RuleRenderer renderer = tables.renderer(f, t);
                Map<String, String> names = tables.names(t);
                Set<String> own = new HashSet<>(names.values());
                List<BaseChain> bases = new ArrayList<>();
                for (BaseChain b : ruleset.baseChains()) {
                    if (b.table() == t) {
                        bases.add(b);
                        own.add(ChainNames.of(b.name()));
                    }
                }
                List<RenderedChain> rendered = new ArrayList<>();
                Map<String, List<HookRule>> byBuiltin = new LinkedHashMap<>();
                for (BaseChain b : bases) {
                    String builtin = Builtins.hookChain(t, b.hook());
                    String name = ChainNames.of(b.name());
                    rendered.add(chain(prev, b, b.name(), name, b.rules(), scope, renderer, own, irSets));
                    byBuiltin.computeIfAbsent(builtin, k -> new ArrayList<>()).add(new HookRule(builtin, name));
                }
                for (Chain c : tables.reachable(t)) {
                    rendered.add(chain(prev, c, c.name(), names.get(c.name()), c.rules(), scope, renderer, own, irSets));
                }
                // the order of the documents: own chains, then all helpers (the first duplicate is the one reported)
                List<String> chainNames = new ArrayList<>(rendered.size() + 4);
                List<String> helperNames = new ArrayList<>();
                for (RenderedChain r : rendered) {
                    chainNames.add(r.name());
                    for (int i = 1; i < r.objects().size(); i++) {
                        helperNames.add(r.objects().get(i).id().name());
                    }
                }
                chainNames.addAll(helperNames);
                TableRenderer.requireUniqueChainNames(chainNames, t);
                for (int i = 0; i < rendered.size(); i++) {
                    RenderedChain r = rendered.get(i);
                    if (prev.get(irName(r.ir())) == r) {
                        reusedNow++;
                    }
                    next.put(irName(r.ir()), r);
                    out.addAll(r.objects());
                }
                byBuiltin.forEach((builtin, hooks) -> {
                    ImmutableList.Builder<String> rules = ImmutableList.builder();
                    ImmutableSortedSet.Builder<ObjectId> uses = ImmutableSortedSet.naturalOrder();
                    for (HookRule h : hooks) {
                        rules.add(h.spec(tag));
                        uses.add(ObjectId.chain(scope, h.target()));
                    }
                    out.add(new DesiredObject.Hooks(ObjectId.hooks(scope, builtin), rules.build(), uses.build()));
                });
                nextChains.put(scope, next);
            }
        }
        Map<String, RenderedSet> nextSets = new HashMap<>();
        StringBuilder scratch = new StringBuilder(64);
        for (IpSet s : ruleset.sets()) {
            RenderedSet prev = sets.get(s.name());
            RenderedSet r;
            if (prev != null && (prev.ir() == s || prev.ir().equals(s))) {
                r = prev;
                reusedNow++;
            } else {
                IpsetDocumentWriter.SetLines lines = IpsetDocumentWriter.lines(s, scratch);
                r = new RenderedSet(s, new DesiredObject.Set(ObjectId.set(TableScope.IPSET, lines.name()),
                        lines.declaration(), ImmutableSortedSet.copyOf(lines.members())));
            }
            nextSets.put(s.name(), r);
            out.add(r.object());
        }
        DesiredState state = DesiredState.of(out);
        chains = nextChains;
        sets = nextSets;
        reused = reusedNow;
        return state;
    }

    private static String irName(Object ir) {
        return ir instanceof BaseChain b ? b.name() : ((Chain) ir).name();
    }

    private static RenderedChain chain(Map<String, RenderedChain> prev, Object ir, String irName, String name,
            List<IrRule> rules, String scope, RuleRenderer renderer, Set<String> own, Map<String, IpSet> irSets) {
        RenderedChain before = prev.get(irName);
        if (before != null && (before.ir() == ir || before.ir().equals(ir)) && setsFit(before.sets(), irSets)) {
            return before;
        }
        List<OwnChain> helpers = new ArrayList<>();
        OwnChain main = new OwnChain(name, renderer.chain(ir, irName, rules, helpers));
        Set<String> ownHere = own;
        if (!helpers.isEmpty()) {
            ownHere = new HashSet<>(own);
            for (OwnChain h : helpers) {
                ownHere.add(h.name());
            }
        }
        ImmutableList.Builder<DesiredObject.Chain> objects = ImmutableList.builder();
        objects.add(object(scope, main, ownHere));
        for (OwnChain h : helpers) {
            objects.add(object(scope, h, ownHere));
        }
        return new RenderedChain(ir, name, objects.build(), setKinds(rules, irSets));
    }

    private static DesiredObject.Chain object(String scope, OwnChain c, Set<String> own) {
        ImmutableSortedSet.Builder<ObjectId> uses = ImmutableSortedSet.naturalOrder();
        for (String rule : c.rules()) {
            uses.addAll(DesiredObjects.uses(scope, own, rule));
        }
        return new DesiredObject.Chain(ObjectId.chain(scope, c.name()), "", c.rules(), uses.build());
    }

    /**
     * What the rendering of {@code rules} may have looked up: every set any of their matches names (also those of
     * rules that printed nothing, as the renderer checks a rule's sets before it finds the rule can never match),
     * with the set's type and family then, or none when it did not exist.
     */
    private static ImmutableMap<String, String> setKinds(List<IrRule> rules, Map<String, IpSet> irSets) {
        Map<String, String> out = new HashMap<>();
        for (IrRule rule : rules) {
            for (Match m : rule.matches()) {
                String name = m instanceof Match.AddressSet s ? s.setName()
                        : m instanceof Match.AddressPortSet s ? s.setName() : null;
                if (name != null) {
                    out.put(name, kind(irSets.get(name)));
                }
            }
        }
        return ImmutableMap.copyOf(out);
    }

    private static String kind(IpSet s) {
        return s == null ? "" : s.type() + " " + s.family();
    }

    /** Every set a rendering may have looked up is as it was then (same type and family, or still missing). */
    private static boolean setsFit(Map<String, String> before, Map<String, IpSet> irSets) {
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!kind(irSets.get(e.getKey())).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
