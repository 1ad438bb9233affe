package io.hostwall.dataplane;

import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.HashedNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mutable state behind {@link FakeDataplane}: hostwall's sets and chains, and the foreign chains that hold its
 * hook rules next to other programs' rules. Each step checks what the kernel checks; {@link #copy()} lets an apply
 * work on a copy and keep it only when every step passed, as the kernel's transactions do.
 */
final class FakeKernel {

    /** A set: its declaration and elements. */
    static final class SetState {
        final String declaration;
        final TreeSet<String> elements;

        SetState(String declaration, Set<String> elements) {
            this.declaration = declaration;
            this.elements = new TreeSet<>(elements);
        }
    }

    /** A chain hostwall owns; {@code uses} is what its rules refer to, known from the rules that were added. */
    static final class ChainState {
        final String header;
        final List<String> rules;
        final TreeSet<ObjectId> uses;

        ChainState(String header, List<String> rules, Set<ObjectId> uses) {
            this.header = header;
            this.rules = new ArrayList<>(rules);
            this.uses = new TreeSet<>(uses);
        }
    }

    /** One rule of a foreign chain: hostwall's own (a hook) or another program's. */
    record Entry(boolean own, String text) {}

    /** A foreign chain: every rule in order, and what hostwall's rules in it refer to. */
    static final class ForeignChain {
        final List<Entry> entries;
        final TreeSet<ObjectId> uses;

        ForeignChain(List<Entry> entries, Set<ObjectId> uses) {
            this.entries = new ArrayList<>(entries);
            this.uses = new TreeSet<>(uses);
        }

        long ownCount() {
            return entries.stream().filter(Entry::own).count();
        }
    }

    boolean present;
    final TreeMap<ObjectId, SetState> sets = new TreeMap<>();
    final TreeMap<ObjectId, ChainState> chains = new TreeMap<>();
    final TreeMap<ObjectId, ForeignChain> foreign = new TreeMap<>();

    FakeKernel copy() {
        FakeKernel k = new FakeKernel();
        k.present = present;
        sets.forEach((id, s) -> k.sets.put(id, new SetState(s.declaration, s.elements)));
        chains.forEach((id, c) -> k.chains.put(id, new ChainState(c.header, c.rules, c.uses)));
        foreign.forEach((id, f) -> k.foreign.put(id, new ForeignChain(f.entries, f.uses)));
        return k;
    }

    // ---- the steps of a transaction ------------------------------------------------------------------------------

    void step(DeltaOp op) {
        if (op instanceof DeltaOp.ReplaceAll r) {
            replaceAll(r.state());
        } else if (op instanceof DeltaOp.DeleteElements d) {
            SetState s = set(d.target());
            for (String e : d.elements()) {
                check(s.elements.remove(e), "element " + e + " is not in " + d.target());
            }
        } else if (op instanceof DeltaOp.CreateSet c) {
            check(!sets.containsKey(c.target()), c.target() + " exists");
            sets.put(c.target(), new SetState(c.set().declaration(), c.set().elements()));
        } else if (op instanceof DeltaOp.ReplaceSet r) {
            set(r.target());
            unused(r.target());
            sets.put(r.target(), new SetState(r.set().declaration(), r.set().elements()));
        } else if (op instanceof DeltaOp.FlushSet f) {
            set(f.target()).elements.clear();
        } else if (op instanceof DeltaOp.CreateChain c) {
            check(!chains.containsKey(c.target()), c.target() + " exists");
            chains.put(c.target(), new ChainState(c.header(), List.of(), Set.of()));
        } else if (op instanceof DeltaOp.FlushChain f) {
            ChainState c = chain(f.target());
            c.rules.clear();
            c.uses.clear();
        } else if (op instanceof DeltaOp.AddRules a) {
            ChainState c = chain(a.target());
            existing(a.target(), a.chain().uses());
            c.rules.addAll(a.chain().rules());
            c.uses.addAll(a.chain().uses());
        } else if (op instanceof DeltaOp.EditRules e) {
            // By index, as the kernel edits by handle or position: on any other content the edit would hit the
            // wrong rules, so it is refused, as a stale handle is.
            ChainState c = chain(e.target());
            check(c.rules.equals(e.before().rules()), e.target() + " does not hold the rules the edit was made for");
            existing(e.target(), e.after().uses());
            List<String> next = RuleDiff.apply(c.rules, e.hunks());
            c.rules.clear();
            c.rules.addAll(next);
            c.uses.clear();
            c.uses.addAll(e.after().uses());
        } else if (op instanceof DeltaOp.AddElements a) {
            SetState s = set(a.target());
            for (String e : a.elements()) {
                check(s.elements.add(e), "element " + e + " is already in " + a.target());
            }
        } else if (op instanceof DeltaOp.SyncHooks h) {
            existing(h.target(), h.hooks().uses());
            syncHooks(h.hooks());
        } else if (op instanceof DeltaOp.RemoveHooks r) {
            removeHooks(r.target());
        } else if (op instanceof DeltaOp.DeleteChain d) {
            ChainState c = chain(d.target());
            check(c.rules.isEmpty(), d.target() + " is not empty");
            unused(d.target());
            chains.remove(d.target());
        } else if (op instanceof DeltaOp.DeleteSet d) {
            set(d.target());
            unused(d.target());
            sets.remove(d.target());
        } else {
            throw new IllegalStateException("unknown step " + op);
        }
        present = true;
    }

    private void replaceAll(DesiredState state) {
        for (DesiredObject o : state.objects().values()) {
            for (ObjectId used : o.uses()) {
                check(state.objects().containsKey(used), o.id() + " uses " + used + ", which the state lacks");
            }
        }
        sets.clear();
        chains.clear();
        new ArrayList<>(foreign.keySet()).forEach(this::removeHooks);
        for (DesiredObject o : state.objects().values()) {
            if (o instanceof DesiredObject.Set s) {
                sets.put(s.id(), new SetState(s.declaration(), s.elements()));
            } else if (o instanceof DesiredObject.Chain c) {
                chains.put(c.id(), new ChainState(c.header(), c.rules(), c.uses()));
            } else if (o instanceof DesiredObject.Hooks h) {
                syncHooks(h);
            }
        }
    }

    /** hostwall's rules go first, in order, as an inserted jump does; other programs' rules keep their order. */
    private void syncHooks(DesiredObject.Hooks h) {
        ForeignChain f = foreign.computeIfAbsent(h.id(), id -> new ForeignChain(List.of(), Set.of()));
        f.entries.removeIf(Entry::own);
        List<Entry> own = h.rules().stream().map(r -> new Entry(true, r)).toList();
        f.entries.addAll(0, own);
        f.uses.clear();
        f.uses.addAll(h.uses());
        dropIfEmpty(h.id());
    }

    void removeHooks(ObjectId id) {
        ForeignChain f = foreign.get(id);
        if (f != null) {
            f.entries.removeIf(Entry::own);
            f.uses.clear();
            dropIfEmpty(id);
        }
    }

    void dropIfEmpty(ObjectId id) {
        if (foreign.get(id).entries.isEmpty()) {
            foreign.remove(id);
        }
    }

    void clearOwned() {
        sets.clear();
        chains.clear();
        new ArrayList<>(foreign.keySet()).forEach(this::removeHooks);
        present = false;
    }

    SetState set(ObjectId id) {
        SetState s = sets.get(id);
        check(s != null, id + " does not exist");
        return s;
    }

    ChainState chain(ObjectId id) {
        ChainState c = chains.get(id);
        check(c != null, id + " does not exist");
        return c;
    }

    private void existing(ObjectId user, Set<ObjectId> used) {
        for (ObjectId u : used) {
            boolean exists = u.kind() == ObjectKind.SET ? sets.containsKey(u) : chains.containsKey(u);
            check(exists, user + " refers to " + u + ", which does not exist");
        }
    }

    private void unused(ObjectId id) {
        chains.forEach((user, c) -> check(!c.uses.contains(id), id + " is in use by " + user));
        foreign.forEach((user, f) -> check(!f.uses.contains(id), id + " is in use by " + user));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new DataplaneException("fake kernel refused: " + message);
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    ObservedState observe() {
        if (!present) {
            return new ObservedState(false, ImmutableSortedMap.of());
        }
        Map<ObjectId, ObservedState.Observed> out = new TreeMap<>();
        sets.forEach((id, s) -> out.put(id, observed(id, s.elements.size(),
                s.declaration + "\n" + String.join("\n", s.elements))));
        chains.forEach((id, c) -> out.put(id, observed(id, c.rules.size(), c.header + "\n" + String.join("\n", c.rules))));
        foreign.forEach((id, f) -> {
            List<String> own = f.entries.stream().filter(Entry::own).map(Entry::text).toList();
            if (!own.isEmpty()) {
                out.put(id, observed(id, own.size(), String.join("\n", own)));
            }
        });
        return new ObservedState(true, ImmutableSortedMap.copyOf(out));
    }

    private static ObservedState.Observed observed(ObjectId id, int size, String listing) {
        return new ObservedState.Observed(id, size,
                HashedNames.sha256Hex(listing, 8));
    }

    String dump() {
        StringBuilder b = new StringBuilder();
        b.append("present ").append(present).append('\n');
        sets.forEach((id, s) -> {
            b.append(id).append(" {").append(s.declaration).append("}\n");
            s.elements.forEach(e -> b.append("  element ").append(e).append('\n'));
        });
        chains.forEach((id, c) -> {
            b.append(id).append(" {").append(c.header).append("}\n");
            c.rules.forEach(r -> b.append("  rule ").append(r).append('\n'));
            c.uses.forEach(u -> b.append("  uses ").append(u).append('\n'));
        });
        foreign.forEach((id, f) -> {
            b.append(id).append('\n');
            f.entries.forEach(e -> b.append(e.own() ? "  own " : "  foreign ").append(e.text()).append('\n'));
            f.uses.forEach(u -> b.append("  uses ").append(u).append('\n'));
        });
        return b.toString();
    }
}
