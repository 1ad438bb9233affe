package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObjectKind;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Ruleset;
import java.util.Set;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The dataplane's objects of the previous {@code desired()} call, kept so that the next call renders again only the
 * IR chains and sets that changed. A live agent's one-policy change alters a few chains of thousands; rendering
 * every chain again was two thirds of a warm sync (JFR, issue 9).
 *
 * <p>Why this is safe: a chain's rendering depends only on the IR chain itself, on the counters option (fixed per
 * dataplane), on the IR sets it refers to (their type and family, checked) and on which regular chains exist
 * (jump targets, checked). A reused rendering is reused only when its IR chain equals the new one and those checks
 * still pass; otherwise the chain is rendered again, which reports any error exactly as a fresh render would. The
 * backend's own sets a chain registered are registered again, so the shared-set collision checks still run. The
 * result equals {@code NftObjects.of(new NftTableBuilder(ruleset, options).build())} (a test checks it), and an
 * unchanged object is the very instance of the previous state, so {@code Delta.between} compares it by reference.
 *
 * <p>Only the previous call's renderings are kept (no growth over time). Not thread-safe on its own: the
 * dataplane calls it under its lock.
 */
final class NftRenderMemo {
    /** One chain as rendered, with what its rendering depended on. */
    private record RenderedChain(Object ir, DesiredObject.Chain object, ImmutableList<Nft.SetDecl> shared,
            ImmutableMap<String, IpSet> irSets, ImmutableSet<String> targets) {}

    /** One IR set as rendered. */
    private record RenderedSet(IpSet ir, DesiredObject.Set object) {}

    /** One of the backend's own sets as rendered. */
    private record RenderedShared(Nft.SetDecl declaration, DesiredObject.Set object) {}

    /**
     * What a rendering checks names against: the IR's sets by name and the regular chains' names. Built once per
     * ruleset, and taken over from the previous call when the ruleset's sets are the very same objects and its
     * chains have the same names in the same places (a warm agent's usual sync), which also skips checking the
     * names again: they were checked when the index was built.
     *
     * @param sets the IR's sets by name
     * @param regular the regular chains' names
     */
    record Index(ImmutableMap<String, IpSet> sets, Set<String> regular) {}

    private String scope = "";
    private Map<String, RenderedChain> chains = Map.of();
    private Map<String, RenderedSet> sets = Map.of();
    private Map<String, RenderedShared> shared = Map.of();
    private DesiredState previous = DesiredState.empty();
    private List<IpSet> previousSets = List.of();
    private List<BaseChain> previousBaseChains = List.of();
    private List<Chain> previousChains = List.of();
    private Index previousIndex = new Index(ImmutableMap.of(), ImmutableSet.of());
    private long reused;

    /** {@return how many chains and sets the last call took from the call before it (for tests)} */
    long reused() {
        return reused;
    }

    /**
     * The index of {@code ruleset}: the previous call's parts where they still hold, {@code fresh}'s otherwise.
     *
     * @param ruleset the ruleset about to be rendered
     * @param freshSets builds the sets' index (and checks their names)
     * @param freshRegular builds the regular chains' names (and checks every chain name)
     * @return the index
     */
    Index index(Ruleset ruleset, Supplier<ImmutableMap<String, IpSet>> freshSets,
            Supplier<Set<String>> freshRegular) {
        boolean sameSets = sameObjects(ruleset.sets(), previousSets);
        boolean sameNames = sameNames(ruleset.baseChains(), previousBaseChains, BaseChain::name)
                && sameNames(ruleset.chains(), previousChains, Chain::name);
        if (sameSets && sameNames) {
            return previousIndex;
        }
        return new Index(sameSets ? previousIndex.sets() : freshSets.get(),
                sameNames ? previousIndex.regular() : freshRegular.get());
    }

    DesiredState render(String tableScope, Ruleset ruleset, Index index, SharedSets sharedSets,
            NftTableBuilder.ChainRenderer renderer) {
        if (!tableScope.equals(scope)) {
            scope = tableScope;
            chains = Map.of();
            sets = Map.of();
            shared = Map.of();
            previous = DesiredState.empty();
        }
        // With the previous index, a reused chain's sets and jump targets are what they were when it was rendered.
        boolean checked = index.sets() == previousIndex.sets() && index.regular() == previousIndex.regular();
        ImmutableMap<String, IpSet> irSets = index.sets();
        reused = 0;
        List<DesiredObject> added = new ArrayList<>();
        Map<String, RenderedChain> nextChains = new HashMap<>(chains.size() * 2);
        for (BaseChain b : ruleset.baseChains()) {
            RenderedChain r = chain(b, b.name(), Optional.of(NftTableBuilder.hook(b)), b.rules(), index, checked,
                    sharedSets, renderer);
            nextChains.put(b.name(), r);
        }
        for (Chain c : ruleset.chains()) {
            RenderedChain r = chain(c, c.name(), Optional.empty(), c.rules(), index, checked, sharedSets, renderer);
            nextChains.put(c.name(), r);
        }
        Map<String, RenderedSet> nextSets = new HashMap<>(sets.size() * 2);
        irSets.forEach((name, s) -> {
            RenderedSet prev = sets.get(name);
            RenderedSet r;
            if (prev != null && (prev.ir() == s || prev.ir().equals(s))) {
                r = prev;
                reused++;
            } else {
                r = new RenderedSet(s, NftObjects.set(scope, SetRenderer.irSet(s)));
            }
            nextSets.put(name, r);
        });
        Map<String, RenderedShared> nextShared = new HashMap<>();
        for (Nft.SetDecl d : sharedSets.sets()) {
            RenderedShared prev = shared.get(d.name());
            RenderedShared r = prev != null && prev.declaration().equals(d) ? prev
                    : new RenderedShared(d, NftObjects.set(scope, d));
            nextShared.put(d.name(), r);
        }
        // The objects in the previous state's order (those that stay), then the new ones: DesiredState.of sorts them,
        // and a list already in order sorts in one pass, where thousands of objects in IR order cost a full sort on
        // every sync (JFR, issue 9).
        List<DesiredObject> objects = new ArrayList<>(nextChains.size() + nextSets.size() + nextShared.size());
        for (ObjectId id : previous.objects().keySet()) {
            String name = id.name();
            if (id.kind() == ObjectKind.CHAIN) {
                RenderedChain r = nextChains.get(name);
                if (r != null) {
                    objects.add(r.object());
                }
            } else if (id.kind() == ObjectKind.SET) {
                RenderedSet r = nextSets.get(name);
                RenderedShared d = r == null ? nextShared.get(name) : null;
                if (r != null || d != null) {
                    objects.add(r != null ? r.object() : d.object());
                }
            }
        }
        // New are the names the previous call did not render: its maps hold exactly the previous state's names.
        nextChains.forEach((name, r) -> {
            if (!chains.containsKey(name)) {
                added.add(r.object());
            }
        });
        nextSets.forEach((name, r) -> {
            if (!sets.containsKey(name) && !shared.containsKey(name)) {
                added.add(r.object());
            }
        });
        nextShared.forEach((name, r) -> {
            if (!sets.containsKey(name) && !shared.containsKey(name)) {
                added.add(r.object());
            }
        });
        added.sort(Comparator.comparing(DesiredObject::id));
        objects.addAll(added);
        chains = nextChains;
        sets = nextSets;
        shared = nextShared;
        previous = DesiredState.of(objects);
        previousSets = ruleset.sets();
        previousBaseChains = ruleset.baseChains();
        previousChains = ruleset.chains();
        previousIndex = index;
        return previous;
    }

    /** Whether two lists hold the very same objects in the same places. */
    private static <T> boolean sameObjects(List<T> a, List<T> b) {
        return pairwise(a, b, (x, y) -> false);
    }

    /** Whether two lists hold objects of the same names in the same places. */
    private static <T> boolean sameNames(List<T> a, List<T> b, Function<T, String> name) {
        return pairwise(a, b, (x, y) -> name.apply(x).equals(name.apply(y)));
    }

    /** Whether two lists are as long and each place holds the same object or two that {@code alike} pairs. */
    private static <T> boolean pairwise(List<T> a, List<T> b, BiPredicate<T, T> alike) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i) && !alike.test(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private RenderedChain chain(Object ir, String name, Optional<Nft.Hook> hook, List<IrRule> rules, Index index,
            boolean checked, SharedSets sharedSets, NftTableBuilder.ChainRenderer renderer) {
        ImmutableMap<String, IpSet> irSets = index.sets();
        RenderedChain prev = chains.get(name);
        if (prev != null && (prev.ir() == ir || prev.ir().equals(ir))
                && (checked || stillValid(prev, irSets, index.regular()))) {
            prev.shared().forEach(sharedSets::adopt);
            reused++;
            return prev;
        }
        DesiredObject.Chain object = NftObjects.chain(scope, renderer.render(name, hook, rules));
        ImmutableList.Builder<Nft.SetDecl> ownSets = ImmutableList.builder();
        ImmutableMap.Builder<String, IpSet> usedSets = ImmutableMap.builder();
        ImmutableSet.Builder<String> targets = ImmutableSet.builder();
        for (ObjectId u : object.uses()) {
            if (u.kind() == ObjectKind.CHAIN) {
                targets.add(u.name());
            } else if (irSets.containsKey(u.name())) {
                usedSets.put(u.name(), irSets.get(u.name()));
            } else {
                sharedSets.declared(u.name()).ifPresent(d -> {
                    ownSets.add(d);
                    // A verdict map's elements jump to chains too.
                    d.elements().forEach(e -> {
                        if (e instanceof Nft.MapElem m) {
                            m.verdict().target().ifPresent(targets::add);
                        }
                    });
                });
            }
        }
        return new RenderedChain(ir, object, ownSets.build(), usedSets.build(), targets.build());
    }

    private static boolean stillValid(RenderedChain r, ImmutableMap<String, IpSet> irSets,
            Set<String> regular) {
        for (Map.Entry<String, IpSet> e : r.irSets().entrySet()) {
            IpSet now = irSets.get(e.getKey());
            if (now == null || now.type() != e.getValue().type() || now.family() != e.getValue().family()) {
                return false;
            }
        }
        for (String t : r.targets()) {
            if (!regular.contains(t)) {
                return false;
            }
        }
        for (Nft.SetDecl d : r.shared()) {
            if (irSets.containsKey(d.name())) {
                return false; // render again: the collision is reported as a fresh render reports it
            }
        }
        return true;
    }
}
