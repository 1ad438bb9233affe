package io.hostwall.dataplane;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.IrText;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An in-memory kernel for testing agents without root. {@link #apply} checks what the kernel checks — creating an
 * object that exists, flushing or filling a missing chain, a rule or hook that refers to a missing chain or set,
 * deleting a chain or set still in use or a chain that is not empty, replacing a set still in use, deleting an
 * element that is not there, adding one that is — and is all-or-nothing: a refused delta changes nothing. It keeps
 * hostwall's hook rules in foreign chains next to other programs' rules, as iptables' {@code INPUT} does.
 *
 * <p>{@link #imitating} takes the objects ({@link #desired}) and the transaction text from a real dataplane, so an
 * agent test sees the real backend's objects and byte counts; {@link #create()} maps the IR itself (each base chain a
 * regular chain with a hook rule in a foreign chain, like iptables). Fault injection ({@link #deleteAll()},
 * {@link #flushChain}, {@link #insertForeignRule}, {@link #editRule}, {@link #flushSet}, {@link #duplicateHook},
 * {@link #failNextApplies}, ...) plays the other programs and the refusals an agent must survive. Thread-safe.
 */
public final class FakeDataplane implements Dataplane {
    /** The scope of every object of {@link #create()}'s own mapping. */
    public static final String SCOPE = "fake";

    private final String backend;
    private final Function<Ruleset, DesiredState> mapping;
    private final Function<Delta, String> renderer;
    private FakeKernel kernel = new FakeKernel();
    private final List<Delta> applied = new ArrayList<>();
    private int failing;
    private int applies;
    private int refusals;
    private int reads;
    private long bytes;

    private FakeDataplane(String backend, Function<Ruleset, DesiredState> mapping, Function<Delta, String> renderer) {
        this.backend = backend;
        this.mapping = mapping;
        this.renderer = renderer;
    }

    /**
     * An empty fake kernel with its own mapping of the IR: sets and chains by their IR names in scope
     * {@value #SCOPE}, rules and elements in {@link IrText}'s words, and each base chain a regular chain jumped to from
     * the hooks object {@code hooks fake <table>-<hook>}.
     *
     * @return the fake
     */
    public static FakeDataplane create() {
        return new FakeDataplane("fake", FakeDataplane::map, FakeDataplane::text);
    }

    /**
     * An empty fake kernel that holds {@code real}'s objects: {@link #desired} and {@link #transaction} are
     * {@code real}'s, so byte counts are what the real tools would be given.
     *
     * @param real the dataplane to imitate; only its pure methods are called
     * @return the fake
     */
    public static FakeDataplane imitating(Dataplane real) {
        Objects.requireNonNull(real, "real");
        return new FakeDataplane(real.backend(), real::desired, real::transaction);
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public DesiredState desired(Ruleset ruleset) {
        return mapping.apply(ruleset);
    }

    @Override
    public synchronized ObservedState read() {
        reads++;
        return kernel.observe();
    }

    @Override
    public synchronized ApplyResult apply(Delta delta) {
        Objects.requireNonNull(delta, "delta");
        applies++;
        if (failing > 0) {
            failing--;
            refusals++;
            throw new DataplaneException("fake kernel refused: injected failure");
        }
        FakeKernel next = kernel.copy();
        try {
            delta.ops().forEach(next::step);
        } catch (DataplaneException e) {
            refusals++;
            throw e;
        }
        kernel = next;
        applied.add(delta);
        long written = renderer.apply(delta).getBytes(StandardCharsets.UTF_8).length;
        bytes += written;
        return new ApplyResult(delta.ops().size(), written, delta.isEmpty() ? 0 : 1, Duration.ZERO);
    }

    @Override
    public String transaction(Delta delta) {
        return renderer.apply(delta);
    }

    @Override
    public synchronized ApplyResult remove() {
        kernel.clearOwned();
        return new ApplyResult(1, 0, 1, Duration.ZERO);
    }

    // ---- what the fake holds and did -----------------------------------------------------------------------------

    /**
     * A canonical text of everything in the fake kernel: whether hostwall's container exists, each set with its
     * declaration and elements, each chain with its header, rules and what they refer to, each foreign chain with
     * hostwall's ({@code own}) and other programs' ({@code foreign}) rules in order. Two fakes with equal dumps hold
     * the same.
     *
     * @return the text
     */
    public synchronized String dump() {
        return kernel.dump();
    }

    /** {@return how many times {@link #apply} was called, refused calls included} */
    public synchronized int applies() {
        return applies;
    }

    /** {@return how many applies were refused (injected or by a check)} */
    public synchronized int refusals() {
        return refusals;
    }

    /** {@return how many times {@link #read} was called} */
    public synchronized int reads() {
        return reads;
    }

    /** {@return the bytes of every successful apply's transaction text} */
    public synchronized long bytes() {
        return bytes;
    }

    /** {@return the deltas applied successfully, oldest first} */
    public synchronized ImmutableList<Delta> applied() {
        return ImmutableList.copyOf(applied);
    }

    /** {@return the last delta applied successfully, or an empty delta if none was} */
    public synchronized Delta lastApplied() {
        return applied.isEmpty() ? new Delta(ImmutableList.of()) : applied.get(applied.size() - 1);
    }

    // ---- fault injection: other programs and refusals ------------------------------------------------------------

    /**
     * Makes the next {@code n} applies fail, changing nothing.
     *
     * @param n how many
     */
    public synchronized void failNextApplies(int n) {
        failing = n;
    }

    /** Deletes everything hostwall owns, as {@code nft delete table} or {@code iptables -F; -X} would. */
    public synchronized void deleteAll() {
        kernel.clearOwned();
    }

    /**
     * Removes every rule of one of hostwall's chains.
     *
     * @param chain the chain
     * @throws IllegalArgumentException if it does not exist
     */
    public synchronized void flushChain(ObjectId chain) {
        FakeKernel.ChainState c = chain(chain);
        c.rules.clear();
        c.uses.clear();
    }

    /**
     * Inserts another program's rule at the top of a chain: in one of hostwall's chains this is drift; in a foreign
     * chain that holds hostwall's hooks ({@link ObjectKind#HOOKS}) it is not, and must be left alone.
     *
     * @param id a chain or a hooks object
     * @param text the rule
     * @throws IllegalArgumentException if no such chain exists
     */
    public synchronized void insertForeignRule(ObjectId id, String text) {
        if (id.kind() == ObjectKind.HOOKS) {
            kernel.foreign.computeIfAbsent(id, k -> new FakeKernel.ForeignChain(List.of(), java.util.Set.of()))
                    .entries.add(0, new FakeKernel.Entry(false, text));
        } else {
            chain(id).rules.add(0, text);
        }
    }

    /**
     * Replaces rule {@code index} of one of hostwall's chains with {@code text} (the size stays, the fingerprint
     * changes).
     *
     * @param chain the chain
     * @param index the rule's position
     * @param text the new rule
     * @throws IllegalArgumentException if the chain does not exist or has no such rule
     */
    public synchronized void editRule(ObjectId chain, int index, String text) {
        List<String> rules = chain(chain).rules;
        if (index < 0 || index >= rules.size()) {
            throw new IllegalArgumentException(chain + " has no rule " + index);
        }
        rules.set(index, text);
    }

    /**
     * Removes every element of a set.
     *
     * @param set the set
     * @throws IllegalArgumentException if it does not exist
     */
    public synchronized void flushSet(ObjectId set) {
        set(set).elements.clear();
    }

    /**
     * Adds an element to a set.
     *
     * @param set the set
     * @param element the element
     * @throws IllegalArgumentException if the set does not exist
     */
    public synchronized void addElement(ObjectId set, String element) {
        set(set).elements.add(element);
    }

    /**
     * Removes an element from a set.
     *
     * @param set the set
     * @param element the element
     * @throws IllegalArgumentException if the set does not exist
     */
    public synchronized void removeElement(ObjectId set, String element) {
        set(set).elements.remove(element);
    }

    /**
     * Adds a second copy of hostwall's first rule in a foreign chain, as a second agent run that appended without
     * looking would.
     *
     * @param hooks the hooks object
     * @throws IllegalArgumentException if hostwall has no rule there
     */
    public synchronized void duplicateHook(ObjectId hooks) {
        FakeKernel.ForeignChain f = kernel.foreign.get(hooks);
        FakeKernel.Entry first = f == null ? null
                : f.entries.stream().filter(FakeKernel.Entry::own).findFirst().orElse(null);
        if (first == null) {
            throw new IllegalArgumentException("hostwall has no rule in " + hooks);
        }
        f.entries.add(first);
    }

    /**
     * Deletes one of hostwall's chains as the kernel allows it: its rules first, then the chain, which nothing may
     * jump to.
     *
     * @param chain the chain
     * @throws IllegalArgumentException if it does not exist or is in use
     */
    public synchronized void deleteChain(ObjectId chain) {
        chain(chain);
        FakeKernel k = kernel.copy();
        try {
            k.step(new DeltaOp.FlushChain(chain));
            k.step(new DeltaOp.DeleteChain(chain));
        } catch (DataplaneException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        kernel = k;
    }

    /**
     * Deletes hostwall's rules from a foreign chain, as {@code iptables -D INPUT -j ...} by hand would.
     *
     * @param hooks the hooks object
     */
    public synchronized void dropHooks(ObjectId hooks) {
        kernel.removeHooks(hooks);
    }

    private FakeKernel.ChainState chain(ObjectId id) {
        FakeKernel.ChainState c = kernel.chains.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no " + id);
        }
        return c;
    }

    private FakeKernel.SetState set(ObjectId id) {
        FakeKernel.SetState s = kernel.sets.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no " + id);
        }
        return s;
    }

    // ---- the fake's own mapping and transaction text -------------------------------------------------------------

    private static DesiredState map(Ruleset ruleset) {
        List<DesiredObject> out = new ArrayList<>();
        for (IpSet s : ruleset.sets()) {
            out.add(new DesiredObject.Set(ObjectId.set(SCOPE, s.name()),
                    s.family() + " " + s.type().name().toLowerCase(Locale.ROOT),
                    s.members().stream().map(IrText::member).collect(ImmutableSortedSet.toImmutableSortedSet(
                            java.util.Comparator.naturalOrder()))));
        }
        for (Chain c : ruleset.chains()) {
            out.add(chain(c.name(), c.rules()));
        }
        Map<ObjectId, List<String>> hookRules = new TreeMap<>();
        Map<ObjectId, ImmutableSortedSet.Builder<ObjectId>> hookUses = new TreeMap<>();
        for (BaseChain b : ruleset.baseChains()) {
            out.add(chain(b.name(), b.rules()));
            ObjectId hooks = ObjectId.hooks(SCOPE, (b.table() + "-" + b.hook()).toLowerCase(Locale.ROOT));
            hookRules.computeIfAbsent(hooks, k -> new ArrayList<>()).add("jump " + b.name());
            hookUses.computeIfAbsent(hooks, k -> ImmutableSortedSet.naturalOrder()).add(ObjectId.chain(SCOPE, b.name()));
        }
        hookRules.forEach((id, rules) -> out.add(
                new DesiredObject.Hooks(id, ImmutableList.copyOf(rules), hookUses.get(id).build())));
        return DesiredState.of(out);
    }

    private static DesiredObject.Chain chain(String name, List<IrRule> rules) {
        ImmutableSortedSet.Builder<ObjectId> uses = ImmutableSortedSet.naturalOrder();
        for (IrRule r : rules) {
            if (r.action() instanceof IrAction.Jump j) {
                uses.add(ObjectId.chain(SCOPE, j.chain()));
            } else if (r.action() instanceof IrAction.Goto g) {
                uses.add(ObjectId.chain(SCOPE, g.chain()));
            } else if (r.action() instanceof IrAction.Dispatch d) {
                d.targets().values().forEach(t -> uses.add(ObjectId.chain(SCOPE, t)));
            }
            for (Match m : r.matches()) {
                if (m instanceof Match.AddressSet s) {
                    uses.add(ObjectId.set(SCOPE, s.setName()));
                } else if (m instanceof Match.AddressPortSet s) {
                    uses.add(ObjectId.set(SCOPE, s.setName()));
                }
            }
        }
        return new DesiredObject.Chain(ObjectId.chain(SCOPE, name), "",
                rules.stream().map(IrText::rule).collect(ImmutableList.toImmutableList()), uses.build());
    }

    /** One line per step (and per rule or element it writes), in the words of {@link #dump()}. */
    private static String text(Delta delta) {
        StringBuilder b = new StringBuilder();
        for (DeltaOp op : delta.ops()) {
            String verb = op.getClass().getSimpleName();
            b.append(verb).append(' ').append(op.target()).append('\n');
            if (op instanceof DeltaOp.ReplaceAll r) {
                r.state().objects().values().forEach(o -> object(b, o));
            } else if (op instanceof DeltaOp.CreateSet c) {
                object(b, c.set());
            } else if (op instanceof DeltaOp.ReplaceSet c) {
                object(b, c.set());
            } else if (op instanceof DeltaOp.AddRules a) {
                a.chain().rules().forEach(r -> b.append("  ").append(r).append('\n'));
            } else if (op instanceof DeltaOp.EditRules e) {
                for (DeltaOp.RuleHunk h : e.hunks()) {
                    b.append("  at ").append(h.at()).append(" delete ").append(h.deleted()).append('\n');
                    h.inserted().forEach(r -> b.append("  + ").append(r).append('\n'));
                }
            } else if (op instanceof DeltaOp.SyncHooks h) {
                h.hooks().rules().forEach(r -> b.append("  ").append(r).append('\n'));
            } else if (op instanceof DeltaOp.AddElements a) {
                a.elements().forEach(e -> b.append("  ").append(e).append('\n'));
            } else if (op instanceof DeltaOp.DeleteElements d) {
                d.elements().forEach(e -> b.append("  ").append(e).append('\n'));
            }
        }
        return b.toString();
    }

    private static void object(StringBuilder b, DesiredObject o) {
        b.append("  ").append(o.id()).append('\n');
        if (o instanceof DesiredObject.Set s) {
            s.elements().forEach(e -> b.append("    ").append(e).append('\n'));
        } else if (o instanceof DesiredObject.Chain c) {
            c.rules().forEach(r -> b.append("    ").append(r).append('\n'));
        } else if (o instanceof DesiredObject.Hooks h) {
            h.rules().forEach(r -> b.append("    ").append(r).append('\n'));
        }
    }
}
