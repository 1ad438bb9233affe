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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private String scope = "";
    private Map<String, RenderedChain> chains = Map.of();
    private Map<String, RenderedSet> sets = Map.of();
    private Map<String, RenderedShared> shared = Map.of();
    private long reused;

    /** {@return how many chains and sets the last call took from the call before it (for tests)} */
    long reused() {
        return reused;
    }

    DesiredState render(String tableScope, Ruleset ruleset, ImmutableMap<String, IpSet> irSets,
            ImmutableSet<String> regular, SharedSets sharedSets, NftTableBuilder.ChainRenderer renderer) {
        if (!tableScope.equals(scope)) {
            scope = tableScope;
            chains = Map.of();
            sets = Map.of();
            shared = Map.of();
        }
        reused = 0;
        List<DesiredObject> objects = new ArrayList<>();
        Map<String, RenderedChain> nextChains = new HashMap<>();
        for (BaseChain b : ruleset.baseChains()) {
            RenderedChain r = chain(b, b.name(), Optional.of(NftTableBuilder.hook(b)), b.rules(), irSets, regular,
                    sharedSets, renderer);
            nextChains.put(b.name(), r);
            objects.add(r.object());
        }
        for (Chain c : ruleset.chains()) {
            RenderedChain r = chain(c, c.name(), Optional.empty(), c.rules(), irSets, regular, sharedSets, renderer);
            nextChains.put(c.name(), r);
            objects.add(r.object());
        }
        Map<String, RenderedSet> nextSets = new HashMap<>();
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
            objects.add(r.object());
        });
        Map<String, RenderedShared> nextShared = new HashMap<>();
        for (Nft.SetDecl d : sharedSets.sets()) {
            RenderedShared prev = shared.get(d.name());
            RenderedShared r = prev != null && prev.declaration().equals(d) ? prev
                    : new RenderedShared(d, NftObjects.set(scope, d));
            nextShared.put(d.name(), r);
            objects.add(r.object());
        }
        chains = nextChains;
        sets = nextSets;
        shared = nextShared;
        return DesiredState.of(objects);
    }

    private RenderedChain chain(Object ir, String name, Optional<Nft.Hook> hook, List<IrRule> rules,
            ImmutableMap<String, IpSet> irSets, ImmutableSet<String> regular, SharedSets sharedSets,
            NftTableBuilder.ChainRenderer renderer) {
        RenderedChain prev = chains.get(name);
        if (prev != null && (prev.ir() == ir || prev.ir().equals(ir)) && stillValid(prev, irSets, regular)) {
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
            ImmutableSet<String> regular) {
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
