package io.hostwall.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The fake kernel refuses every step out of order (a rule using a chain or set not yet created, a delete of
 * something still in use, a replaced set still used, ...), so these properties prove {@link Delta}'s ordering as
 * well as its result.
 */
class DeltaProperties {

    @Provide
    Arbitrary<List<DesiredState>> histories() {
        return States.states().list().ofMinSize(1).ofMaxSize(6);
    }

    /** Delta after delta lands where one ReplaceAll of the last state lands, and the kernel accepts every step. */
    @Property(tries = 400)
    void deltaEqualsFresh(@ForAll("histories") List<DesiredState> history) {
        FakeDataplane live = FakeDataplane.create();
        DesiredState last = DesiredState.empty();
        for (DesiredState next : history) {
            live.apply(Delta.between(last, next)); // throws if the fake refuses a step
            assertEquals(content(fresh(next)), content(live), "after a delta to " + next);
            last = next;
        }
        assertTrue(Delta.between(last, last).isEmpty());
    }

    @Provide
    Arbitrary<List<DesiredState>> evolving() {
        return States.evolvingHistories();
    }

    /**
     * The same over histories whose chains are long and change by a few rules at a time: most deltas edit chains in
     * place ({@link DeltaOp.EditRules}), which the fake applies by index and refuses on a chain that does not hold
     * the edit's old rules.
     */
    @Property(tries = 400)
    void editedDeltasEqualFresh(@ForAll("evolving") List<DesiredState> history) {
        replay(history);
    }

    /** The evolving histories do exercise the in-place edits, and a good share of their steps are edits. */
    @Example
    void editsAreExercised() {
        int edits = 0;
        int rewrites = 0;
        for (long seed = 0; seed < 200; seed++) {
            for (Delta d : replay(States.evolvingHistory(seed))) {
                edits += (int) d.ops().stream().filter(op -> op instanceof DeltaOp.EditRules).count();
                rewrites += (int) d.ops().stream().filter(op -> op instanceof DeltaOp.AddRules).count();
            }
        }
        assertTrue(edits > 200 && edits > rewrites / 2, edits + " edits, " + rewrites + " chains written whole");
    }

    /** Applies the history delta by delta, checking each against a fresh apply; returns the deltas. */
    private static List<Delta> replay(List<DesiredState> history) {
        FakeDataplane live = FakeDataplane.create();
        DesiredState last = DesiredState.empty();
        List<Delta> deltas = new ArrayList<>();
        for (DesiredState next : history) {
            Delta d = Delta.between(last, next);
            live.apply(d); // throws if the fake refuses a step
            assertEquals(content(fresh(next)), content(live), "after a delta to " + next);
            deltas.add(d);
            last = next;
        }
        assertTrue(Delta.between(last, last).isEmpty());
        return deltas;
    }

    /** Equal inputs, equal deltas, whatever order the states were built in. */
    @Property(tries = 200)
    void deltasAreDeterministic(@ForAll("histories") @Size(min = 2, max = 2) List<DesiredState> two) {
        DesiredState a = two.get(0);
        DesiredState b = two.get(1);
        List<DesiredObject> reversed = new ArrayList<>(b.objects().values());
        java.util.Collections.reverse(reversed);
        assertEquals(Delta.between(a, b), Delta.between(a, DesiredState.of(reversed)));
    }

    /**
     * After a learning read, any drift that changes what hostwall owns is found, and the repair brings the kernel
     * back to what a fresh ReplaceAll gives; other programs' rules in foreign chains are left where they are.
     */
    @Property(tries = 400)
    void repairRestoresFresh(@ForAll("states") DesiredState want, @ForAll("faults") List<Long> faults) {
        FakeDataplane kernel = FakeDataplane.create();
        DriftDetector detector = new DriftDetector();
        Delta first = Delta.replaceAll(want);
        kernel.apply(first);
        detector.written(first);
        assertTrue(detector.check(want, kernel.read()).isEmpty(), "the learning read finds nothing");

        List<String> foreign = new ArrayList<>();
        for (long f : faults) {
            inject(kernel, new Random(f), foreign);
        }
        boolean changed = !content(kernel).equals(content(fresh(want)));
        ObservedState seen = kernel.read();
        DriftDetector.Drift drift = detector.check(want, seen);
        assertEquals(changed, !drift.isEmpty(), "drift found exactly when hostwall's objects changed: " + drift);

        Delta repair = Delta.repair(want, seen, drift.drifted());
        kernel.apply(repair);
        detector.written(repair);
        assertEquals(content(fresh(want)), content(kernel));
        assertEquals(count(foreign), count(foreignLines(kernel)), "other programs' rules stay");
        ObservedState after = kernel.read();
        DriftDetector.Drift again = detector.check(want, after);
        assertTrue(again.isEmpty(), "nothing left after the repair: " + again);
        assertTrue(Delta.repair(want, after, again.drifted()).isEmpty());
    }

    @Provide
    Arbitrary<DesiredState> states() {
        return States.states().filter(s -> !s.objects().isEmpty());
    }

    @Provide
    Arbitrary<List<Long>> faults() {
        return Arbitraries.longs().list().ofMinSize(1).ofMaxSize(4);
    }

    /** One random change by another program, to whatever exists; nothing when it does not apply. */
    private static void inject(FakeDataplane k, Random r, List<String> foreign) {
        try {
            switch (r.nextInt(12)) {
                case 0 -> k.deleteAll();
                case 1 -> k.flushChain(anyChain(r));
                case 2 -> k.insertForeignRule(anyChain(r), "counter drop");
                case 3 -> k.editRule(anyChain(r), r.nextInt(3), "tcp dport 9 drop");
                case 4 -> k.flushSet(States.set(r.nextInt(States.SETS)));
                case 5 -> k.addElement(States.set(r.nextInt(States.SETS)), "192.0.2." + r.nextInt(3));
                case 6 -> k.removeElement(States.set(r.nextInt(States.SETS)), "10.0.0." + r.nextInt(6));
                case 7 -> k.duplicateHook(States.hooks(r.nextInt(States.HOOKS)));
                case 8 -> k.dropHooks(States.hooks(r.nextInt(States.HOOKS)));
                case 9 -> k.deleteChain(anyChain(r));
                default -> {
                    String rule = "-j OTHER" + foreign.size();
                    k.insertForeignRule(States.hooks(r.nextInt(States.HOOKS)), rule);
                    foreign.add("  foreign " + rule);
                }
            }
        } catch (IllegalArgumentException notThere) {
            // the object is not there (or is in use): this program's change does not apply
        }
    }

    private static ObjectId anyChain(Random r) {
        return r.nextBoolean() ? States.chain(r.nextInt(States.CHAINS)) : States.base(r.nextInt(States.BASES));
    }

    static FakeDataplane fresh(DesiredState state) {
        FakeDataplane f = FakeDataplane.create();
        f.apply(Delta.replaceAll(state));
        return f;
    }

    /** The dump without the container line (a delta to nothing leaves it) and without other programs' rules. */
    static String content(FakeDataplane f) {
        List<String> lines = f.dump().lines().skip(1).filter(l -> !l.startsWith("  foreign ")).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            boolean emptyForeignChain = lines.get(i).startsWith("hooks ")
                    && (i + 1 == lines.size() || !lines.get(i + 1).startsWith("  "));
            if (!emptyForeignChain) {
                out.add(lines.get(i));
            }
        }
        return String.join("\n", out);
    }

    private static List<String> foreignLines(FakeDataplane f) {
        return f.dump().lines().filter(l -> l.startsWith("  foreign ")).toList();
    }

    private static Map<String, Long> count(List<String> lines) {
        return lines.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

}
