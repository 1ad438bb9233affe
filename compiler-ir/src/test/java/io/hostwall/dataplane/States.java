package io.hostwall.dataplane;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Random desired states shaped like the backends' (sets; regular chains that jump only to chains later in their
 * order, so no loops; base chains with a header that nothing jumps to; hooks that jump to regular chains), every
 * use naming an object of the same state. Small pools of names and texts, so consecutive states share much and
 * differ in every way a delta must handle: elements, declarations, rules, headers, uses, objects coming and going.
 */
final class States {
    static final String SCOPE = "inet t";
    static final int SETS = 5;
    static final int CHAINS = 7;
    static final int BASES = 3;
    static final int HOOKS = 2;

    private States() {}

    /** A random state from a seed; jqwik shrinks the seed. */
    static Arbitrary<DesiredState> states() {
        return Arbitraries.longs().map(States::state);
    }

    static ObjectId set(int i) {
        return ObjectId.set(SCOPE, "s" + i);
    }

    static ObjectId chain(int i) {
        return ObjectId.chain(SCOPE, "c" + i);
    }

    static ObjectId base(int i) {
        return ObjectId.chain(SCOPE, "b" + i);
    }

    static ObjectId hooks(int i) {
        return ObjectId.hooks("ip filter", "H" + i);
    }

    static DesiredState state(long seed) {
        Random r = new Random(seed);
        List<DesiredObject> out = new ArrayList<>();
        List<ObjectId> sets = new ArrayList<>();
        for (int i = 0; i < SETS; i++) {
            if (r.nextInt(3) > 0) {
                ImmutableSortedSet.Builder<String> elements = ImmutableSortedSet.naturalOrder();
                for (int e = 0; e < 6; e++) {
                    if (r.nextBoolean()) {
                        elements.add("10.0.0." + e);
                    }
                }
                out.add(new DesiredObject.Set(set(i), r.nextInt(4) == 0 ? "type ipv4_addr; flags interval"
                        : "type ipv4_addr", elements.build()));
                sets.add(set(i));
            }
        }
        boolean[] chainThere = new boolean[CHAINS];
        for (int i = CHAINS - 1; i >= 0; i--) {
            chainThere[i] = r.nextInt(3) > 0;
        }
        for (int i = 0; i < CHAINS; i++) {
            if (chainThere[i]) {
                List<ObjectId> targets = new ArrayList<>(sets);
                for (int j = i + 1; j < CHAINS; j++) {
                    if (chainThere[j]) {
                        targets.add(chain(j));
                    }
                }
                out.add(chain(r, chain(i), "", targets));
            }
        }
        List<ObjectId> regular = new ArrayList<>();
        for (int j = 0; j < CHAINS; j++) {
            if (chainThere[j]) {
                regular.add(chain(j));
            }
        }
        for (int i = 0; i < BASES; i++) {
            if (r.nextInt(3) > 0) {
                List<ObjectId> targets = new ArrayList<>(sets);
                targets.addAll(regular);
                out.add(chain(r, base(i), "type filter hook input priority " + r.nextInt(2) + "; policy accept;",
                        targets));
            }
        }
        for (int i = 0; i < HOOKS; i++) {
            if (!regular.isEmpty() && r.nextInt(3) > 0) {
                ImmutableList.Builder<String> rules = ImmutableList.builder();
                ImmutableSortedSet.Builder<ObjectId> uses = ImmutableSortedSet.naturalOrder();
                int n = 1 + r.nextInt(2);
                for (int k = 0; k < n; k++) {
                    ObjectId to = regular.get(r.nextInt(regular.size()));
                    rules.add("-m comment --comment hw" + k + " -j " + to.name());
                    uses.add(to);
                }
                out.add(new DesiredObject.Hooks(hooks(i), rules.build(), uses.build()));
            }
        }
        return DesiredState.of(out);
    }

    /** A chain of 0-3 rules, each matching a set or jumping to a chain of {@code targets}, or neither. */
    private static DesiredObject.Chain chain(Random r, ObjectId id, String header, List<ObjectId> targets) {
        ImmutableList.Builder<String> rules = ImmutableList.builder();
        ImmutableSortedSet.Builder<ObjectId> uses = ImmutableSortedSet.naturalOrder();
        int n = r.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (!targets.isEmpty() && r.nextBoolean()) {
                ObjectId t = targets.get(r.nextInt(targets.size()));
                uses.add(t);
                rules.add(t.kind() == ObjectKind.SET ? "ip saddr @" + t.name() + " accept" : "jump " + t.name());
            } else {
                rules.add("tcp dport " + (20 + r.nextInt(3)) + " accept");
            }
        }
        return new DesiredObject.Chain(id, header, rules.build(), uses.build());
    }
}
