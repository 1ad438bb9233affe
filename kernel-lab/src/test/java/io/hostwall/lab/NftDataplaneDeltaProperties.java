package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.gen.PolicySetArbitraries;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Issue 9, nftables: the live path's deltas build the table a fresh start builds. Each try draws a random cluster
 * (compiler-core's generators), then {@value #CHANGES} changes, each one resource of it replaced by (or added from)
 * another random cluster or removed, counted only when node1's objects change; every state is compiled for node1.
 * Namespace A gets the first state as a ReplaceAll and then one {@link Delta#between} per change, each of which the
 * kernel must take; a fresh namespace B gets only the ReplaceAll of the last state. Then both kernels must list the
 * same table (handles and listing order aside) and {@link Dataplane#read} must see the same objects, sizes and
 * fingerprints in both, with each object's size the desired one (what a drift detector relies on).
 *
 * <p>IR sets are named after their contents, so a changed network set is a new set (CreateSet, DeleteSet) and the
 * element steps do not come up here; {@link NftDataplaneCoexistenceAndDriftTest} exercises them in repairs.
 */
@AddLifecycleHook(KernelAvailable.class)
class NftDataplaneDeltaProperties {
    static final String SEED = "20261203";
    static final int TRIES = 20;
    static final int CHANGES = 10;
    private static final AtomicInteger APPLIES = new AtomicInteger();
    private static final AtomicInteger SKIPPED = new AtomicInteger();
    private static final AtomicInteger TRY = new AtomicInteger();
    /** How often each kind of step was applied: the proof is only as good as the steps it exercised. */
    private static final Map<String, AtomicInteger> STEPS = new java.util.TreeMap<>();
    /** Edits written by rule handle (the others were written as rewrites: handles not known yet). */
    private static final AtomicInteger BY_HANDLE = new AtomicInteger();

    @AfterContainer
    static void summary() {
        System.out.printf("[nft dataplane] %d delta applies; %d changes that did not compile, drawn again; steps %s;"
                + " %d edits by handle%n", APPLIES.get(), SKIPPED.get(), STEPS, BY_HANDLE.get());
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.RANDOM_SEED)
    void deltasLeaveTheTableAFreshReplaceAllBuilds(@ForAll("clusters") PolicySet start,
            @ForAll("donors") List<PolicySet> donors, @ForAll Random random) {
        int n = TRY.incrementAndGet();
        try (NftScratch a = NftScratch.create("a" + n); NftScratch b = NftScratch.create("b" + n)) {
            Dataplane da = a.dataplane();
            Dataplane db = b.dataplane();
            Map<ResourceRef, Resource> resources = new LinkedHashMap<>();
            start.all().forEach(r -> resources.put(r.ref(), r));
            DesiredState now = compile(da, resources).orElseGet(() -> da.desired(compileOrFail(PolicySet.empty())));
            da.apply(Delta.replaceAll(now));
            APPLIES.incrementAndGet();
            if (n % 2 == 1) {
                da.read(); // learns the handles
            }
            int edits = 0;
            int byHandle = 0;
            StringBuilder history = new StringBuilder("start: ").append(resources.keySet()).append('\n');
            int changes = 0;
            for (int d = 0; changes < CHANGES && d < donors.size(); d++) {
                Map<ResourceRef, Resource> next = new LinkedHashMap<>(resources);
                String change = change(next, donors.get(d), random);
                Optional<DesiredState> state = compile(da, next);
                if (state.isEmpty()) {
                    SKIPPED.incrementAndGet();
                    continue;
                }
                history.append("change ").append(changes).append(": ").append(change).append('\n');
                Delta delta = Delta.between(now, state.get());
                delta.ops().forEach(op -> STEPS.computeIfAbsent(op.getClass().getSimpleName(),
                        k -> new AtomicInteger()).incrementAndGet());
                if (delta.isEmpty()) {
                    // The change does not concern node1 (another node's endpoint, an unused set): not a step.
                    STEPS.computeIfAbsent("(changes with an empty delta, not counted)", k -> new AtomicInteger())
                            .incrementAndGet();
                    resources.clear();
                    resources.putAll(next);
                    continue;
                }
                try {
                    da.apply(delta);
                } catch (RuntimeException e) {
                    throw new AssertionError("the kernel refused delta " + changes + " (" + e.getMessage() + ")\n"
                            + history + "----- transaction -----\n" + da.transaction(delta), e);
                }
                APPLIES.incrementAndGet();
                resources.clear();
                resources.putAll(next);
                now = state.get();
                changes++;
                // Then some chains edited in place: rules deleted, copied, moved (and the next change edits back).
                DesiredState edited = ChainEdits.edit(now, random);
                Delta edit = Delta.between(now, edited);
                if (!edit.isEmpty()) {
                    if (random.nextInt(3) > 0) {
                        da.read(); // learns the handles (rules written since have none: those edits are rewrites)
                    }
                    String text = da.transaction(edit);
                    edit.ops().forEach(op -> STEPS.computeIfAbsent(op.getClass().getSimpleName(),
                            k -> new AtomicInteger()).incrementAndGet());
                    for (var op : edit.ops()) {
                        if (op instanceof io.hostwall.dataplane.DeltaOp.EditRules e) {
                            edits++;
                            if (!text.contains("flush chain inet hostwall " + e.target().name() + "\n")) {
                                byHandle++;
                            }
                        }
                    }
                    history.append("edit chains: ").append(edit.ops().stream().map(op -> op.target().name())
                            .toList()).append('\n');
                    try {
                        da.apply(edit);
                    } catch (RuntimeException e) {
                        throw new AssertionError("the kernel refused an edit (" + e.getMessage() + ")\n" + history
                                + "----- transaction -----\n" + text, e);
                    }
                    APPLIES.incrementAndGet();
                    now = edited;
                }
            }
            // The proof covers the in-place edits and their spelling by handle, or says so.
            assertTrue(edits > 0, "no in-place edit in this try\n" + history);
            assertTrue(byHandle > 0, "no edit spelt by handle in this try\n" + history);
            BY_HANDLE.addAndGet(byHandle);
            assertEquals(CHANGES, changes, "not enough changes compiled\n" + history);
            db.apply(Delta.replaceAll(now));
            assertEquals(b.normalisedListing(), a.normalisedListing(), history.toString());
            ObservedState seenA = da.read();
            assertEquals(db.read(), seenA, history.toString());
            DesiredState last = now;
            assertEquals(last.objects().keySet(), seenA.objects().keySet());
            last.objects().forEach((id, o) -> assertEquals(o.size(), seenA.objects().get(id).size(), id.toString()));
            da.remove();
            assertFalse(da.read().present());
        }
    }

    /** One change: a resource of {@code donor} replaces its namesake or is added (2 in 3), or one is removed. */
    private static String change(Map<ResourceRef, Resource> resources, PolicySet donor, Random random) {
        List<ResourceRef> refs = new ArrayList<>(resources.keySet());
        if (random.nextInt(3) == 0 && !refs.isEmpty()) {
            ResourceRef gone = refs.get(random.nextInt(refs.size()));
            resources.remove(gone);
            return "remove " + gone;
        }
        List<Resource> offered = donor.all();
        if (offered.isEmpty()) {
            return "nothing";
        }
        Resource r = offered.get(random.nextInt(offered.size()));
        return (resources.put(r.ref(), r) == null ? "add " : "replace ") + r.ref();
    }

    private static Optional<DesiredState> compile(Dataplane d, Map<ResourceRef, Resource> resources) {
        try {
            PolicySet set = PolicySet.of(resources.values());
            return Optional.of(d.desired(HostwallCompiler.create(CompileOptions.defaults()).compile(set, "node1")
                    .ruleset()));
        } catch (CompileException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static io.hostwall.ir.Ruleset compileOrFail(PolicySet set) {
        try {
            return HostwallCompiler.create(CompileOptions.defaults()).compile(set, "node1").ruleset();
        } catch (CompileException e) {
            throw new AssertionError(e);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<PolicySet> clusters() {
        return PolicySetArbitraries.policySets();
    }

    /** Where the changes come from: enough clusters that {@value #CHANGES} of their changes compile. */
    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<PolicySet>> donors() {
        return PolicySetArbitraries.policySets().list().ofSize(80);
    }
}
