package io.hostwall.nftables;

import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObjectKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes a {@link Delta} as one {@code nft -f} script, which nft commits as one transaction: all of it or, when
 * the kernel refuses any command, none of it.
 *
 * <p>The delta's order is kept with two moves that nft's reference counting needs and the generic order does not
 * know about. A verdict map's elements refer to chains ({@code "eth0" : goto hw-fh-eth0}), so (1) the chains a
 * delta creates (empty, referring to nothing) come first, before any new map that points at them, and (2) the
 * chains it deletes for good (already flushed) come last, after the sets and maps that pointed at them are gone.
 * A chain that a delta deletes and creates again (a base chain whose hook changed) keeps its place.
 *
 * <p>Element lists are cut into commands of at most {@value #BATCH} elements, so no single command grows with a
 * set's size.
 *
 * <p>Elements are added to a set (not a map) as {@code add set T name { <declaration> elements = { ... } }}, not as
 * {@code add element}, whenever the set's declaration is known. Why: for any {@code add element} or {@code delete
 * element} nft 1.0.6 first dumps the elements of every interval set of every table into its cache (for its own
 * overlap checks), one netlink dump per set: on a node with 2,500 interval sets one {@code add element} took 250 ms
 * of which the commit was a few ms, and far more with large sets. An {@code add set} of an existing set with the same
 * declaration adds the elements and makes nft fetch only the tables (measured: 20-30 ms); the kernel still refuses
 * an overlapping interval. Deletions have no such form and keep {@code delete element}.
 *
 * <p>An {@link DeltaOp.EditRules} is spelt with the only rule commands nft 1.0.6 runs without first listing every
 * rule of every table: {@code delete rule T C handle H}, plain {@code add rule} (at the end) and plain
 * {@code insert rule} (at the top). Why: {@code insert/add/replace rule ... position|handle|index} and
 * {@code --echo} make nft fetch and parse the whole rule cache (its {@code evaluate_cache_add} asks for
 * {@code NFT_CACHE_RULE} when a position or index is given), which on node-1's table took 3-13 s per apply against
 * 0.1 s for a plain add (measured, loaded machine). So: deleted rules go by handle; the inserted rules and the old
 * rules on one side of them (the shorter: from the first insert to the end, or from the top to the last insert) are
 * deleted by handle and written again with plain adds or inserts. Every such edit deletes at least one old rule by
 * handle (a guard), so on a chain someone flushed or refilled the kernel refuses the whole transaction instead of
 * editing the wrong rules. When a needed handle is not known (the handles come from {@link NftDataplane#read}; rules
 * this dataplane wrote since are unknown, {@link #UNKNOWN}) or the edit is no cheaper, the chain is rewritten
 * ({@code flush chain} and every rule), which is always right. {@link #handlesAfter()} says what the script leaves.
 */
final class NftTransaction {
    /** A rule whose handle is not known (this dataplane wrote it since the last read). */
    static final long UNKNOWN = -1;
    /** Elements per {@code add element} / {@code delete element} command. */
    static final int BATCH = 1000;

    private final String family;
    private final String table;
    private final Predicate<String> isMap;
    private final Function<String, Optional<String>> declarations;
    private final Function<String, Optional<List<Long>>> handles;
    private final Map<String, String> declaredHere = new HashMap<>();
    /** Written chains' handles after the script ({@link #UNKNOWN} for a rule it added); null: deleted. */
    private final Map<String, List<Long>> handlesAfter = new HashMap<>();
    private int edits;
    private final StringBuilder out = new StringBuilder();

    /**
     * @param isMap whether a set name is a map (nft spells {@code flush map} and {@code flush set} differently,
     *     and {@link DeltaOp.FlushSet} carries only the name)
     * @param declarations a set's declaration by name, when known (elements are then added with {@code add set})
     * @param handles the handles of a chain's rules in order, when known (edits are then spelt by handle)
     */
    NftTransaction(String family, String table, Predicate<String> isMap,
            Function<String, Optional<String>> declarations, Function<String, Optional<List<Long>>> handles) {
        this.family = family;
        this.table = table;
        this.isMap = isMap;
        this.declarations = declarations;
        this.handles = handles;
    }

    /**
     * Per chain the script writes, its rules' handles after the script, in order, {@link #UNKNOWN} for each rule it
     * added (nft assigns handles the script cannot know without the costly echo); a null value for a chain the
     * script deletes. Chains not written keep their handles. Valid after {@link #write}.
     */
    Map<String, List<Long>> handlesAfter() {
        return handlesAfter;
    }

    /** {@return how many {@link DeltaOp.EditRules} were spelt as edits (the rest were spelt as rewrites)} */
    int editsByHandle() {
        return edits;
    }

    String write(Delta delta) {
        out.setLength(0);
        declaredHere.clear();
        handlesAfter.clear();
        edits = 0;
        delta.ops().forEach(op -> {
            if (op instanceof DeltaOp.CreateSet c) {
                declaredHere.put(c.set().id().name(), c.set().declaration());
            } else if (op instanceof DeltaOp.ReplaceSet r) {
                declaredHere.put(r.set().id().name(), r.set().declaration());
            } else if (op instanceof DeltaOp.ReplaceAll a) {
                a.state().objects().values().forEach(o -> {
                    if (o instanceof DesiredObject.Set set) {
                        declaredHere.put(set.id().name(), set.declaration());
                    }
                });
            }
        });
        if (delta.isEmpty()) {
            return "";
        }
        if (delta.isReplaceAll()) {
            replaceAll(((DeltaOp.ReplaceAll) delta.ops().get(0)).state());
            return out.toString();
        }
        out.append("# hostwall delta for table ").append(qualified()).append(": ").append(delta.ops().size())
                .append(" steps, one transaction\n");
        List<DeltaOp> ops = delta.ops();
        Set<ObjectId> deletedBefore = new HashSet<>();
        Set<ObjectId> createdAfter = new HashSet<>();
        List<DeltaOp> first = new ArrayList<>();
        List<DeltaOp> middle = new ArrayList<>();
        List<DeltaOp> last = new ArrayList<>();
        for (int i = ops.size() - 1; i >= 0; i--) {
            DeltaOp op = ops.get(i);
            if (op instanceof DeltaOp.DeleteChain && !createdAfter.contains(op.target())) {
                last.add(0, op);
            } else {
                middle.add(0, op);
            }
            if (op instanceof DeltaOp.CreateChain) {
                createdAfter.add(op.target());
            }
        }
        List<DeltaOp> kept = new ArrayList<>();
        for (DeltaOp op : middle) {
            if (op instanceof DeltaOp.CreateChain && !deletedBefore.contains(op.target())) {
                first.add(op);
            } else {
                kept.add(op);
            }
            if (op instanceof DeltaOp.DeleteChain) {
                deletedBefore.add(op.target());
            }
        }
        for (List<DeltaOp> part : List.of(first, kept, last)) {
            part.forEach(this::op);
        }
        return out.toString();
    }

    /**
     * The script's replace idiom ({@link NftText}): {@code add table} so that the {@code delete table} cannot fail
     * on a fresh host, then the table block. One transaction: the kernel goes from an earlier run's table (or
     * none) to this one with no moment without rules.
     */
    private void replaceAll(DesiredState state) {
        String q = qualified();
        out.append("# hostwall: replaces table ").append(q).append(" atomically and touches no other table\n");
        out.append("add table ").append(q).append('\n');
        out.append("delete table ").append(q).append('\n');
        out.append("table ").append(q).append(" {\n");
        List<DesiredObject.Set> large = new ArrayList<>();
        for (DesiredObject o : state.objects().values()) {
            if (o instanceof DesiredObject.Set s) {
                out.append('\t').append(keyword(s)).append(' ').append(name(s.id(), ObjectKind.SET)).append(" {\n\t\t")
                        .append(s.declaration()).append('\n');
                if (!s.elements().isEmpty() && s.elements().size() <= BATCH) {
                    out.append("\t\telements = { ").append(String.join(", ", s.elements())).append(" }\n");
                } else if (!s.elements().isEmpty()) {
                    large.add(s);
                }
                out.append("\t}\n");
            }
        }
        for (DesiredObject o : state.objects().values()) {
            if (o instanceof DesiredObject.Chain c) {
                out.append("\tchain ").append(name(c.id(), ObjectKind.CHAIN)).append(" {\n");
                if (!c.header().isEmpty()) {
                    out.append("\t\t").append(c.header()).append('\n');
                }
                List<Long> after = new ArrayList<>(c.rules().size());
                c.rules().forEach(r -> {
                    out.append("\t\t").append(r).append('\n');
                    after.add(UNKNOWN);
                });
                handlesAfter.put(c.id().name(), after);
                out.append("\t}\n");
            } else if (o instanceof DesiredObject.Hooks h) {
                throw noHooks(h.id());
            }
        }
        out.append("}\n");
        large.forEach(s -> elements("add", s.id(), s.elements()));
    }

    private void op(DeltaOp op) {
        String q = qualified();
        if (op instanceof DeltaOp.ReplaceAll) {
            throw new IllegalArgumentException("ReplaceAll must be a delta's only step");
        } else if (op instanceof DeltaOp.DeleteElements d) {
            elements("delete", d.target(), d.elements());
        } else if (op instanceof DeltaOp.CreateSet c) {
            createSet(c.set());
        } else if (op instanceof DeltaOp.ReplaceSet r) {
            // nft deletes a set or a map with "delete set"; every chain that used it was flushed before this step.
            out.append("delete set ").append(q).append(' ').append(r.set().id().name()).append('\n');
            createSet(r.set());
        } else if (op instanceof DeltaOp.FlushSet f) {
            out.append("flush ").append(isMap.test(name(f.target(), ObjectKind.SET)) ? "map" : "set").append(' ')
                    .append(q).append(' ').append(f.target().name()).append('\n');
        } else if (op instanceof DeltaOp.CreateChain c) {
            out.append("add chain ").append(q).append(' ').append(name(c.target(), ObjectKind.CHAIN));
            if (!c.header().isEmpty()) {
                out.append(" { ").append(c.header()).append(" }");
            }
            out.append('\n');
            handlesAfter.put(c.target().name(), new ArrayList<>());
        } else if (op instanceof DeltaOp.FlushChain f) {
            out.append("flush chain ").append(q).append(' ').append(name(f.target(), ObjectKind.CHAIN)).append('\n');
            handlesAfter.put(f.target().name(), new ArrayList<>());
        } else if (op instanceof DeltaOp.AddRules a) {
            addRules(a.chain().id(), a.chain().rules());
        } else if (op instanceof DeltaOp.EditRules e) {
            edit(e);
        } else if (op instanceof DeltaOp.AddElements a) {
            elements("add", a.target(), a.elements());
        } else if (op instanceof DeltaOp.SyncHooks s) {
            throw noHooks(s.target());
        } else if (op instanceof DeltaOp.RemoveHooks r) {
            throw noHooks(r.target());
        } else if (op instanceof DeltaOp.DeleteChain d) {
            out.append("delete chain ").append(q).append(' ').append(name(d.target(), ObjectKind.CHAIN)).append('\n');
            handlesAfter.put(d.target().name(), null);
        } else if (op instanceof DeltaOp.DeleteSet d) {
            out.append("delete set ").append(q).append(' ').append(name(d.target(), ObjectKind.SET)).append('\n');
        }
    }

    /** {@code add rule} for each rule, at the chain's end; the chain's handles grow by unknowns (if known). */
    private void addRules(ObjectId chain, List<String> rules) {
        String name = name(chain, ObjectKind.CHAIN);
        String prefix = "add rule " + qualified() + " " + name + " ";
        List<Long> after = current(name).map(ArrayList::new).orElse(null);
        for (String r : rules) {
            out.append(prefix).append(r).append('\n');
            if (after != null) {
                after.add(UNKNOWN);
            }
        }
        handlesAfter.put(name, after);
    }

    /** As an edit (see the class comment) when the handles it needs are known and it is cheaper; else a rewrite. */
    private void edit(DeltaOp.EditRules e) {
        String name = name(e.target(), ObjectKind.CHAIN);
        Optional<List<Long>> known = current(name).filter(h -> h.size() == e.before().rules().size());
        Optional<RuleEditPlan> plan = known.flatMap(h -> RuleEditPlan.of(h, e));
        if (plan.isEmpty()) {
            out.append("flush chain ").append(qualified()).append(' ').append(name).append('\n');
            handlesAfter.put(name, new ArrayList<>());
            addRules(e.target(), e.after().rules());
            return;
        }
        edits++;
        RuleEditPlan p = plan.get();
        String chain = qualified() + " " + name;
        p.deleted().forEach(h -> out.append("delete rule ").append(chain).append(" handle ").append(h).append('\n'));
        p.appended().forEach(r -> out.append("add rule ").append(chain).append(' ').append(r).append('\n'));
        p.prepended().reverse().forEach(r -> out.append("insert rule ").append(chain).append(' ').append(r)
                .append('\n'));
        handlesAfter.put(name, p.handlesAfter());
    }

    /** The chain's handles as this script leaves them so far, when known. */
    private Optional<List<Long>> current(String chain) {
        if (handlesAfter.containsKey(chain)) {
            return Optional.ofNullable(handlesAfter.get(chain));
        }
        return handles.apply(chain);
    }

    /** {@code add set|map T name { declaration elements = { ... } }}, with the rest of a large set in batches. */
    private void createSet(DesiredObject.Set s) {
        out.append("add ").append(keyword(s)).append(' ').append(qualified()).append(' ')
                .append(name(s.id(), ObjectKind.SET)).append(" { ").append(s.declaration());
        if (!s.elements().isEmpty() && s.elements().size() <= BATCH) {
            out.append(" elements = { ").append(String.join(", ", s.elements())).append(" }");
        }
        out.append(" }\n");
        if (s.elements().size() > BATCH) {
            elements("add", s.id(), s.elements());
        }
    }

    private void elements(String verb, ObjectId set, Collection<String> elements) {
        String name = name(set, ObjectKind.SET);
        Optional<String> declaration = Optional.ofNullable(declaredHere.get(name)).or(() -> declarations.apply(name))
                .filter(d -> !NftObjects.isMap(d));
        String prefix;
        String suffix;
        if (verb.equals("add") && declaration.isPresent()) {
            prefix = "add set " + qualified() + " " + name + " { " + declaration.get() + " elements = { ";
            suffix = " } }\n";
        } else {
            prefix = verb + " element " + qualified() + " " + name + " { ";
            suffix = " }\n";
        }
        List<String> batch = new ArrayList<>(Math.min(BATCH, elements.size()));
        for (String e : elements) {
            batch.add(e);
            if (batch.size() == BATCH) {
                out.append(prefix).append(String.join(", ", batch)).append(suffix);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            out.append(prefix).append(String.join(", ", batch)).append(suffix);
        }
    }

    private static String keyword(DesiredObject.Set s) {
        return NftObjects.isMap(s.declaration()) ? "map" : "set";
    }

    /** The object's name, after checking that it lives in this dataplane's table. */
    private String name(ObjectId id, ObjectKind kind) {
        if (id.kind() != kind || !id.scope().equals(qualified())) {
            throw new IllegalArgumentException("not a " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " of table " + qualified() + ": " + id);
        }
        return id.name();
    }

    private String qualified() {
        return NftObjects.scope(family, table);
    }

    private static IllegalArgumentException noHooks(ObjectId id) {
        return new IllegalArgumentException("nftables keeps no rules in foreign chains, but the delta has " + id);
    }
}
