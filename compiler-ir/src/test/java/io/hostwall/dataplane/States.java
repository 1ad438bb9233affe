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

    /**
     * Histories whose states grow out of each other as a live cluster's do: a random state with long chains, then
     * states made by inserting, deleting and moving rules of its chains (now and then a wholly new state), so that
     * most deltas edit chains in place.
     */
    static Arbitrary<List<DesiredState>> evolvingHistories() {
        return Arbitraries.longs().map(States::evolvingHistory);
    }

    /** One history of {@link #evolvingHistories()}, from a seed. */
    static List<DesiredState> evolvingHistory(long seed) {
        Random r = new Random(seed);
        List<DesiredState> out = new ArrayList<>();
        DesiredState s = longChains(state(r.nextLong()), r);
        out.add(s);
        int steps = 1 + r.nextInt(6);
        for (int i = 0; i < steps; i++) {
            s = r.nextInt(6) == 0 ? longChains(state(r.nextLong()), r) : edit(s, r);
            out.add(s);
        }
        return out;
    }

    /** Every chain of {@code s} padded with 4-19 rules that use nothing, at random places. */
    static DesiredState longChains(DesiredState s, Random r) {
        List<DesiredObject> out = new ArrayList<>();
        for (DesiredObject o : s.objects().values()) {
            if (o instanceof DesiredObject.Chain c) {
                List<String> rules = new ArrayList<>(c.rules());
                int n = 4 + r.nextInt(16);
                for (int k = 0; k < n; k++) {
                    rules.add(r.nextInt(rules.size() + 1), plainRule(r));
                }
                out.add(new DesiredObject.Chain(c.id(), c.header(), ImmutableList.copyOf(rules), c.uses()));
            } else {
                out.add(o);
            }
        }
        return DesiredState.of(out);
    }

    /**
     * {@code s} with some chains' rules inserted, deleted or moved (a copied rule may jump or match, and keeps
     * its use; a deleted one drops its use when no other rule has it).
     */
    static DesiredState edit(DesiredState s, Random r) {
        List<DesiredObject> out = new ArrayList<>();
        for (DesiredObject o : s.objects().values()) {
            if (o instanceof DesiredObject.Chain c && r.nextInt(3) > 0) {
                List<String> rules = new ArrayList<>(c.rules());
                int edits = 1 + r.nextInt(3);
                for (int k = 0; k < edits; k++) {
                    switch (r.nextInt(4)) {
                        case 0 -> rules.add(r.nextInt(rules.size() + 1), plainRule(r));
                        case 1 -> {
                            if (!rules.isEmpty()) {
                                rules.remove(r.nextInt(rules.size()));
                            }
                        }
                        case 2 -> {
                            if (!rules.isEmpty()) {
                                rules.add(r.nextInt(rules.size() + 1), rules.get(r.nextInt(rules.size())));
                            }
                        }
                        default -> {
                            if (!rules.isEmpty()) {
                                String moved = rules.remove(r.nextInt(rules.size()));
                                rules.add(r.nextInt(rules.size() + 1), moved);
                            }
                        }
                    }
                }
                ImmutableSortedSet.Builder<ObjectId> uses = ImmutableSortedSet.naturalOrder();
                for (ObjectId u : c.uses()) {
                    String word = u.kind() == ObjectKind.SET ? "@" + u.name() + " " : "jump " + u.name();
                    if (rules.stream().anyMatch(x -> x.contains(word) && (u.kind() == ObjectKind.SET
                            || x.equals(word)))) {
                        uses.add(u);
                    }
                }
                out.add(new DesiredObject.Chain(c.id(), c.header(), ImmutableList.copyOf(rules), uses.build()));
            } else {
                out.add(o);
            }
        }
        return DesiredState.of(out);
    }

    private static String plainRule(Random r) {
        return "tcp dport " + (1000 + r.nextInt(40)) + " drop";
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
