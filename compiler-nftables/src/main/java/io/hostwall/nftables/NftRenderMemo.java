package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Maps;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObjectKind;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Ruleset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The dataplane's objects of the previous {@code desired()} call, kept so that the next call renders again only the
 * IR chains and sets that changed. A live agent's one-policy change alters a few chains of thousands; rendering
 * every chain again was two thirds of a warm sync (JFR, issue 9).
 *
 * <p>Two ways to the next state, one result. The <em>patch</em>: the new ruleset's lists are walked beside the
 * previous ones ({@link NameDiff}), only the chains that are new or not equal to their previous IR are rendered, and
 * the previous state is patched with them ({@link DesiredState#patched}); it touches what changed, not the thousands
 * of objects that stayed. It is taken only when every kept rendering is still what a fresh rendering would give:
 * no kept chain jumps to a chain that went away or uses a set that went away or changed its type or family (counted
 * by {@link Uses}), and no new IR set takes the name of a set a kept chain declared. The <em>full</em> way checks
 * every chain and renders what it must; it runs on the first call, whenever the patch's conditions fail, and after
 * any error, so an error is always reported exactly as a fresh rendering reports it.
 *
 * <p>Why reuse is safe: a chain's rendering depends only on the IR chain itself, on the counters option (fixed per
 * dataplane), on the IR sets it refers to (their type and family) and on which regular chains exist (jump targets).
 * The result equals {@code NftObjects.of(new NftTableBuilder(ruleset, options).build())} (tests check it over
 * random sequences), and an unchanged object is the very instance of the previous state, so {@code Delta.between}
 * compares it by reference.
 *
 * <p>Only the previous call's renderings are kept (no growth over time). Not thread-safe on its own: the
 * dataplane calls it under its lock.
 */
final class NftRenderMemo {
    /** One chain as rendered, with what its rendering depended on. */
    private record RenderedChain(Object ir, DesiredObject.Chain object, ImmutableList<Nft.SetDecl> shared,
            ImmutableMap<String, IpSet> irSets, ImmutableSet<String> targets) {

        RenderedChain withIr(Object equalIr) {
            return new RenderedChain(equalIr, object, shared, irSets, targets);
        }
    }

    /** One IR set as rendered. */
    private record RenderedSet(IpSet ir, DesiredObject.Set object) {}

    /** One of the backend's own sets as rendered. */
    private record RenderedShared(Nft.SetDecl declaration, DesiredObject.Set object) {}

    /** What the memo needs of the table being built: its checked indexes and a renderer over given ones. */
    interface Table {
        /** {@return the IR's sets by name, names checked} */
        ImmutableMap<String, IpSet> indexSets();

        /** {@return the regular chains' names, every chain name checked and unique} */
        Set<String> indexChains();

        /**
         * @param sets the IR's sets by name
         * @param regular the regular chains' names
         * @param shared the backend's own sets
         * @return a renderer of this table's chains against them
         */
        NftTableBuilder.ChainRenderer renderer(Map<String, IpSet> sets, Set<String> regular, SharedSets shared);
    }

    /**
     * How many kept renderings use each chain (as a jump target), each IR set and each of the backend's own sets:
     * what tells, without looking at the thousands of kept chains, whether an object can go away.
     */
    private static final class Uses {
        private final Map<String, int[]> targets = new HashMap<>();
        private final Map<String, int[]> irSets = new HashMap<>();
        private final Map<String, int[]> own = new HashMap<>();

        void add(RenderedChain r, int by) {
            r.targets().forEach(t -> count(targets, t, by));
            r.irSets().keySet().forEach(s -> count(irSets, s, by));
            r.shared().forEach(d -> count(own, d.name(), by));
        }

        private static void count(Map<String, int[]> m, String name, int by) {
            int[] c = m.computeIfAbsent(name, k -> new int[1]);
            c[0] += by;
            if (c[0] == 0) {
                m.remove(name);
            }
        }

        static int of(Map<String, int[]> m, String name) {
            int[] c = m.get(name);
            return c == null ? 0 : c[0];
        }

        void clear() {
            targets.clear();
            irSets.clear();
            own.clear();
        }
    }

    private String scope = "";
    private final Map<String, RenderedChain> chains = new HashMap<>();
    private final Map<String, RenderedSet> sets = new HashMap<>();
    private final Map<String, RenderedShared> shared = new HashMap<>();
    /** The regular chains' names (jump targets), kept beside {@link #chains}, which also holds the base chains. */
    private final Set<String> regular = new HashSet<>();
    private final Uses uses = new Uses();
    private DesiredState previous = DesiredState.empty();
    private List<IpSet> previousSets = List.of();
    private List<BaseChain> previousBaseChains = List.of();
    private List<Chain> previousChains = List.of();
    private long reused;
    private boolean lastPatched;

    /** {@return how many chains and sets the last call took from the call before it (for tests)} */
    long reused() {
        return reused;
    }

    /** {@return whether the last call patched the previous state instead of checking every chain (for tests)} */
    boolean lastPatched() {
        return lastPatched;
    }

    /**
     * The dataplane's objects of {@code ruleset}.
     *
     * @param tableScope the objects' scope ({@code inet <table>})
     * @param ruleset the ruleset
     * @param table its table's indexes and renderer
     * @return the state, equal to a fresh rendering's
     * @throws IllegalArgumentException as a fresh rendering throws it
     */
    DesiredState desired(String tableScope, Ruleset ruleset, Table table) {
        if (!tableScope.equals(scope)) {
            forget();
            scope = tableScope;
        }
        Optional<DesiredState> patched = Optional.empty();
        if (!chains.isEmpty()) {
            try {
                patched = patch(ruleset, table);
            } catch (RuntimeException e) {
                forget(); // the full way below reports the error as a fresh rendering does
            }
        }
        lastPatched = patched.isPresent();
        if (patched.isPresent()) {
            return patched.get();
        }
        try {
            return full(ruleset, table);
        } catch (RuntimeException e) {
            forget();
            throw e;
        }
    }

    private void forget() {
        chains.clear();
        sets.clear();
        shared.clear();
        regular.clear();
        uses.clear();
        previous = DesiredState.empty();
        previousSets = List.of();
        previousBaseChains = List.of();
        previousChains = List.of();
    }

    // ---- the patch -----------------------------------------------------------------------------------------------

    private Optional<DesiredState> patch(Ruleset ruleset, Table table) {
        List<BaseChain> bases = ruleset.baseChains();
        if (bases.size() != previousBaseChains.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < bases.size(); i++) {
            if (!bases.get(i).name().equals(previousBaseChains.get(i).name())) {
                return Optional.empty();
            }
        }
        NameDiff<Chain> chainDiff = NameDiff.between(previousChains, ruleset.chains(), Chain::name);
        NameDiff<IpSet> setDiff = NameDiff.between(previousSets, ruleset.sets(), IpSet::name);

        // What is rendered again, and the renderings it replaces; equal IR keeps its rendering.
        List<Object> toRender = new ArrayList<>();
        List<RenderedChain> dropped = new ArrayList<>();
        Map<String, RenderedChain> keptWithNewIr = new HashMap<>();
        for (int i = 0; i < bases.size(); i++) {
            BaseChain b = bases.get(i);
            if (b != previousBaseChains.get(i)) {
                sortChange(b, b.name(), toRender, dropped, keptWithNewIr);
            }
        }
        for (Chain c : chainDiff.changed()) {
            sortChange(c, c.name(), toRender, dropped, keptWithNewIr);
        }
        for (String name : chainDiff.removed()) {
            dropped.add(chains.get(name));
        }
        Uses leaving = new Uses();
        dropped.forEach(r -> leaving.add(r, 1));
        if (!keptRenderingsHold(chainDiff, setDiff, leaving)) {
            return Optional.empty();
        }

        // From here on the memo changes; an error makes the caller forget it and render the full way.
        Map<ObjectId, DesiredObject> put = new LinkedHashMap<>();
        Set<ObjectId> gone = new TreeSet<>();
        dropped.forEach(r -> uses.add(r, -1));
        for (String name : chainDiff.removed()) {
            chains.remove(name);
            regular.remove(name);
            gone.add(ObjectId.chain(scope, name));
        }
        chainDiff.added().forEach(c -> regular.add(c.name()));
        chains.putAll(keptWithNewIr);
        reused = setsPatched(setDiff, put, gone);
        Map<String, IpSet> irSets = Maps.transformValues(sets, RenderedSet::ir);
        SharedSets sharedSets = new SharedSets(Collections.unmodifiableSet(sets.keySet()),
                name -> Uses.of(uses.own, name) > 0 ? Optional.ofNullable(shared.get(name))
                        .map(RenderedShared::declaration) : Optional.empty());
        NftTableBuilder.ChainRenderer renderer = table.renderer(irSets, Collections.unmodifiableSet(regular),
                sharedSets);
        toRender.addAll(chainDiff.added());
        List<RenderedChain> rendered = new ArrayList<>();
        for (Object ir : toRender) {
            RenderedChain r = ir instanceof BaseChain b
                    ? render(b, b.name(), Optional.of(NftTableBuilder.hook(b)), b.rules(), irSets, sharedSets,
                            renderer)
                    : render(ir, ((Chain) ir).name(), Optional.empty(), ((Chain) ir).rules(), irSets, sharedSets,
                            renderer);
            rendered.add(r);
            chains.put(r.object().id().name(), r);
            uses.add(r, 1);
            put.put(r.object().id(), r.object());
        }
        ownSetsPatched(dropped, rendered, put, gone);
        reused += chains.size() - rendered.size();
        gone.removeAll(put.keySet()); // a name that changed hands (an IR set gone, an own set of its name new)
        previous = previous.patched(put.values(), gone);
        previousSets = ruleset.sets();
        previousBaseChains = bases;
        previousChains = ruleset.chains();
        return Optional.of(previous);
    }

    private void sortChange(Object ir, String name, List<Object> toRender, List<RenderedChain> dropped,
            Map<String, RenderedChain> keptWithNewIr) {
        RenderedChain prev = chains.get(name);
        if (prev.ir() == ir || prev.ir().equals(ir)) {
            keptWithNewIr.put(name, prev.withIr(ir));
        } else {
            toRender.add(ir);
            dropped.add(prev);
        }
    }

    /**
     * Whether every rendering the patch keeps is what a fresh rendering of the new ruleset would give, and the new
     * names are valid and unique; when not, the full way renders (and reports) as a fresh rendering does.
     */
    private boolean keptRenderingsHold(NameDiff<Chain> chainDiff, NameDiff<IpSet> setDiff, Uses leaving) {
        for (String name : chainDiff.removed()) {
            if (Uses.of(uses.targets, name) > Uses.of(leaving.targets, name)) {
                return false; // a kept chain jumps to it
            }
        }
        Set<String> newChains = new HashSet<>();
        for (Chain c : chainDiff.added()) {
            if (!validName("chain", c.name()) || chains.containsKey(c.name()) || !newChains.add(c.name())) {
                return false;
            }
        }
        for (String name : setDiff.removed()) {
            if (Uses.of(uses.irSets, name) > Uses.of(leaving.irSets, name)) {
                return false; // a kept chain looks it up
            }
        }
        for (IpSet s : setDiff.changed()) {
            IpSet before = sets.get(s.name()).ir();
            if ((before.type() != s.type() || before.family() != s.family())
                    && Uses.of(uses.irSets, s.name()) > Uses.of(leaving.irSets, s.name())) {
                return false; // a kept chain's match was rendered for the old type or family
            }
        }
        Set<String> newSets = new HashSet<>();
        for (IpSet s : setDiff.added()) {
            if (!validName("set", s.name()) || sets.containsKey(s.name()) || !newSets.add(s.name())
                    || Uses.of(uses.own, s.name()) > Uses.of(leaving.own, s.name())) {
                return false; // invalid, twice, or the name of a set a kept chain declared
            }
        }
        return true;
    }

    private static boolean validName(String what, String name) {
        try {
            NftNames.object(what, name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Applies the IR sets' changes to the memo and the patch; returns how many changed sets kept their object. */
    private long setsPatched(NameDiff<IpSet> setDiff, Map<ObjectId, DesiredObject> put, Set<ObjectId> gone) {
        long kept = sets.size() - setDiff.changed().size() - setDiff.removed().size();
        for (String name : setDiff.removed()) {
            sets.remove(name);
            gone.add(ObjectId.set(scope, name));
        }
        for (IpSet s : setDiff.changed()) {
            RenderedSet prev = sets.get(s.name());
            if (prev.ir().equals(s)) {
                sets.put(s.name(), new RenderedSet(s, prev.object()));
                kept++;
            } else {
                RenderedSet r = new RenderedSet(s, NftObjects.set(scope, SetRenderer.irSet(s)));
                sets.put(s.name(), r);
                put.put(r.object().id(), r.object());
            }
        }
        for (IpSet s : setDiff.added()) {
            RenderedSet r = new RenderedSet(s, NftObjects.set(scope, SetRenderer.irSet(s)));
            sets.put(s.name(), r);
            put.put(r.object().id(), r.object());
        }
        return kept;
    }

    /** The backend's own sets that no chain uses any more go, those a new rendering declared first come. */
    private void ownSetsPatched(List<RenderedChain> dropped, List<RenderedChain> rendered,
            Map<ObjectId, DesiredObject> put, Set<ObjectId> gone) {
        for (RenderedChain r : dropped) {
            for (Nft.SetDecl d : r.shared()) {
                if (Uses.of(uses.own, d.name()) == 0 && shared.remove(d.name()) != null) {
                    gone.add(ObjectId.set(scope, d.name()));
                }
            }
        }
        for (RenderedChain r : rendered) {
            for (Nft.SetDecl d : r.shared()) {
                if (!shared.containsKey(d.name())) {
                    RenderedShared s = new RenderedShared(d, NftObjects.set(scope, d));
                    shared.put(d.name(), s);
                    put.put(s.object().id(), s.object());
                }
            }
        }
    }

    // ---- the full way --------------------------------------------------------------------------------------------

    private DesiredState full(Ruleset ruleset, Table table) {
        ImmutableMap<String, IpSet> irSets = table.indexSets();
        Set<String> regularNames = table.indexChains();
        SharedSets sharedSets = new SharedSets(irSets.keySet());
        NftTableBuilder.ChainRenderer renderer = table.renderer(irSets, regularNames, sharedSets);
        reused = 0;
        Map<String, RenderedChain> nextChains = new HashMap<>(chains.size() * 2);
        for (BaseChain b : ruleset.baseChains()) {
            nextChains.put(b.name(), checked(b, b.name(), Optional.of(NftTableBuilder.hook(b)), b.rules(), irSets,
                    regularNames, sharedSets, renderer));
        }
        for (Chain c : ruleset.chains()) {
            nextChains.put(c.name(), checked(c, c.name(), Optional.empty(), c.rules(), irSets, regularNames,
                    sharedSets, renderer));
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
        List<DesiredObject> objects = inPreviousOrder(nextChains, nextSets, nextShared);
        DesiredState state = DesiredState.of(objects);
        chains.clear();
        chains.putAll(nextChains);
        sets.clear();
        sets.putAll(nextSets);
        shared.clear();
        shared.putAll(nextShared);
        regular.clear();
        regular.addAll(regularNames);
        uses.clear();
        chains.values().forEach(r -> uses.add(r, 1));
        previous = state;
        previousSets = ruleset.sets();
        previousBaseChains = ruleset.baseChains();
        previousChains = ruleset.chains();
        return state;
    }

    /**
     * The objects in the previous state's order (those that stay), then the new ones: DesiredState.of sorts them,
     * and a list already in order sorts in one pass, where thousands of objects in IR order cost a full sort (JFR,
     * issue 9). New are the names the previous call did not render: its maps hold exactly the previous state's names.
     */
    private List<DesiredObject> inPreviousOrder(Map<String, RenderedChain> nextChains,
            Map<String, RenderedSet> nextSets, Map<String, RenderedShared> nextShared) {
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
        List<DesiredObject> added = new ArrayList<>();
        nextChains.forEach((name, r) -> {
            if (!chains.containsKey(name)) {
                added.add(r.object());
            }
        });
        addNew(nextSets, RenderedSet::object, added);
        addNew(nextShared, RenderedShared::object, added);
        added.sort(Comparator.comparing(DesiredObject::id));
        objects.addAll(added);
        return objects;
    }

    private <R> void addNew(Map<String, R> next, Function<R, DesiredObject> object, List<DesiredObject> added) {
        next.forEach((name, r) -> {
            if (!sets.containsKey(name) && !shared.containsKey(name)) {
                added.add(object.apply(r));
            }
        });
    }

    /** The previous rendering of an equal IR chain if it still holds against the new indexes, else a new one. */
    private RenderedChain checked(Object ir, String name, Optional<Nft.Hook> hook, List<IrRule> rules,
            ImmutableMap<String, IpSet> irSets, Set<String> regularNames, SharedSets sharedSets,
            NftTableBuilder.ChainRenderer renderer) {
        RenderedChain prev = chains.get(name);
        if (prev != null && (prev.ir() == ir || prev.ir().equals(ir)) && stillValid(prev, irSets, regularNames)) {
            prev.shared().forEach(sharedSets::adopt);
            reused++;
            return prev.ir() == ir ? prev : prev.withIr(ir);
        }
        return render(ir, name, hook, rules, irSets, sharedSets, renderer);
    }

    private RenderedChain render(Object ir, String name, Optional<Nft.Hook> hook, List<IrRule> rules,
            Map<String, IpSet> irSets, SharedSets sharedSets, NftTableBuilder.ChainRenderer renderer) {
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
