package io.hostwall.nftables;

import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.dataplane.ApplyResult;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live nftables dataplane: hostwall's table {@code inet <tableName>} in the kernel of the namespace its
 * {@link ToolRunner} runs {@code nft} in.
 *
 * <ul>
 *   <li>{@link #desired} is the table the script is printed from ({@link NftTableBuilder}), as objects whose texts
 *       {@link NftText} spells: one model, one spelling, for the script and the live path;
 *   <li>{@link #apply} gives the delta's script to {@code nft -f -}: one transaction, which the kernel commits whole
 *       or not at all, so a refusal leaves the ruleset it had;
 *   <li>{@link #read} lists the table with {@code nft --json list table} (with elements: a flushed set must show;
 *       {@code --terse} would leave them out) and fingerprints each chain and set ({@link NftListing});
 *   <li>{@link #remove} deletes the table and nothing else.
 * </ul>
 *
 * <p>Rule handles: nft deletes a rule only by its handle, so an in-place edit ({@link DeltaOp.EditRules}) needs the
 * handles of the chain's rules. They are learned from every {@link #read} (the listing numbers each rule) and kept
 * through this dataplane's own writes (a rule it adds has a handle it does not know: nft prints it only with
 * {@code --echo}, which costs a fetch of every rule of every table, seconds on a large table); they are all
 * forgotten when an apply fails or a {@link DeltaOp.ReplaceAll} runs. {@link NftTransaction} writes an edit whose
 * handles are not known as a rewrite of the chain.
 */
public final class NftDataplane implements Dataplane {
    private static final String FAMILY = "inet";
    /** How much of a tool's complaint a {@link DataplaneException} carries. */
    private static final int MAX_MESSAGE = 4000;

    private final RenderOptions options;
    private final String table;
    private final ToolRunner tools;
    /** Names of maps seen in desired states and listings: nft flushes a map with {@code flush map}. */
    private final Set<String> maps = ConcurrentHashMap.newKeySet();
    /**
     * Declarations of sets a delta created or replaced since the last {@link #desired} call, which empties it; with
     * {@link #lastDesired}'s, a delta adds elements with {@code add set} ({@link NftTransaction}).
     */
    private final Map<String, String> declarations = new ConcurrentHashMap<>();
    /**
     * The last {@link #desired} state, where the sets' declarations are looked up by name. Looked up, not copied
     * into a map: copying a node's thousands of declarations on every sync was a seventh of {@code desired()}.
     */
    private volatile DesiredState lastDesired = DesiredState.empty();
    /** The previous desired state's renderings: a warm agent's next state renders only what changed. */
    private final NftRenderMemo memo = new NftRenderMemo();
    /** The handles of each chain's rules in order, where known; guarded by itself. */
    private final Map<String, List<Long>> handles = new HashMap<>();
    /** Guarded by {@link #handles}. */
    private int lastEditsByHandle;
    /**
     * The kept {@code nft -i} process that runs transactions of up to {@link NftSession#MAX_LINE_CHARS} (see there
     * why), where the runner can start one; guarded by {@link #handles}.
     */
    private NftSession session;
    /** How long a kept session may take to answer before the transaction's outcome is unknown. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A dataplane for the table {@code options} name.
     *
     * @param options the table name and counters, as the script would be rendered with
     * @param tools how {@code nft} is run (the current namespace, or {@code ip netns exec ...})
     */
    public NftDataplane(RenderOptions options, ToolRunner tools) {
        this.options = Objects.requireNonNull(options, "options");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.table = NftNames.object("table", options.tableName());
    }

    @Override
    public String backend() {
        return NftablesBackend.NAME;
    }

    /**
     * {@inheritDoc} Objects of scope {@code inet <tableName>}. Chains and sets whose IR equals the previous call's
     * are not rendered again: the previous objects are returned (the same instances), so the result is what a
     * fresh rendering gives, sooner.
     */
    @Override
    public DesiredState desired(Ruleset ruleset) {
        DesiredState state;
        synchronized (memo) {
            state = new NftTableBuilder(ruleset, options).desired(memo);
        }
        declarations.clear();
        lastDesired = state;
        return state;
    }

    /** {@return how many chains and sets the last {@link #desired} reused from the call before it} */
    long reusedByLastDesired() {
        synchronized (memo) {
            return memo.reused();
        }
    }

    /** {@return whether the last {@link #desired} patched the state before it instead of checking every chain} */
    boolean patchedByLastDesired() {
        synchronized (memo) {
            return memo.lastPatched();
        }
    }

    /** {@inheritDoc} Not present when the table does not exist. */
    @Override
    public ObservedState read() {
        ToolRunner.Result r = tools.run(List.of("nft", "--json", "list", "table", FAMILY, table), "");
        if (!r.ok()) {
            // nft says so and echoes the command; "ip netns exec" of a missing namespace says the first only.
            if (r.stderr().contains("Error: No such file or directory")
                    && r.stderr().contains("list table " + FAMILY + " " + table)) {
                return new ObservedState(false, ImmutableSortedMap.of());
            }
            throw failure("nft --json list table " + FAMILY + " " + table, r);
        }
        try {
            NftListing.Parsed parsed = NftListing.parse(r.stdout(), FAMILY, table);
            maps.addAll(parsed.maps());
            synchronized (handles) {
                handles.clear();
                handles.putAll(parsed.handles());
            }
            return parsed.state();
        } catch (IllegalArgumentException e) {
            throw new DataplaneException("cannot read the listing of nft --json list table " + FAMILY + " " + table
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@inheritDoc} One {@code nft -f -} run; nothing at all for an empty delta. */
    @Override
    public ApplyResult apply(Delta delta) {
        synchronized (handles) {
            NftTransaction tx = transactionFor(delta);
            String text = tx.write(delta);
            int steps = delta.ops().size();
            if (text.isEmpty()) {
                return new ApplyResult(0, 0, 0, Duration.ZERO);
            }
            lastEditsByHandle = tx.editsByHandle();
            try {
                ApplyResult result = run(text, steps);
                if (delta.isReplaceAll()) {
                    handles.clear();
                }
                tx.handlesAfter().forEach((chain, after) -> {
                    if (after == null) {
                        handles.remove(chain);
                    } else {
                        handles.put(chain, after);
                    }
                });
                return result;
            } catch (RuntimeException e) {
                handles.clear(); // the kernel's state is not known: never guess
                throw e;
            }
        }
    }

    /** {@return how many in-place edits the last apply spelt by handle (the others were rewrites)} */
    int lastEditsByHandle() {
        synchronized (handles) {
            return lastEditsByHandle;
        }
    }

    /** {@return the handles of a chain's rules, {@link NftTransaction#UNKNOWN} for rules written since a read (tests)} */
    Optional<List<Long>> handles(String chain) {
        synchronized (handles) {
            return Optional.ofNullable(handles.get(chain)).map(List::copyOf);
        }
    }

    @Override
    public String transaction(Delta delta) {
        synchronized (handles) {
            return transactionFor(delta).write(delta);
        }
    }

    private NftTransaction transactionFor(Delta delta) {
        delta.ops().forEach(op -> {
            if (op instanceof DeltaOp.ReplaceAll a) {
                remember(a.state());
            } else if (op instanceof DeltaOp.CreateSet c) {
                remember(c.set());
            } else if (op instanceof DeltaOp.ReplaceSet c) {
                remember(c.set());
            }
        });
        DesiredState last = lastDesired;
        return new NftTransaction(FAMILY, table,
                name -> maps.contains(name) || declared(last, name).filter(NftObjects::isMap).isPresent(),
                name -> Optional.ofNullable(declarations.get(name)).or(() -> declared(last, name)),
                name -> Optional.ofNullable(handles.get(name)));
    }

    /**
     * {@inheritDoc} {@code add table} then {@code delete table} in one transaction: the table is gone afterwards
     * whether or not it existed, with no error either way (nft 1.0.6 has no {@code destroy}).
     */
    @Override
    public ApplyResult remove() {
        String q = FAMILY + " " + table;
        synchronized (handles) {
            handles.clear();
            return run("# hostwall: remove table " + q + " and nothing else\nadd table " + q + "\ndelete table " + q
                    + "\n", 1);
        }
    }

    private ApplyResult run(String text, int steps) {
        long t0 = System.nanoTime();
        Optional<String> line = NftSession.line(text);
        Optional<NftSession> s = line.isPresent() ? session() : Optional.empty();
        if (s.isPresent()) {
            String complaint = s.get().run(line.get(), SESSION_TIMEOUT);
            if (!complaint.isEmpty()) {
                throw refused("nft -i (" + steps + " steps, " + text.lines().count() + " lines) refused the "
                        + "transaction", complaint);
            }
        } else {
            ToolRunner.Result r = tools.run(List.of("nft", "-f", "-"), text);
            if (!r.ok()) {
                throw failure("nft -f - (" + steps + " steps, " + text.lines().count() + " lines)", r);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new ApplyResult(steps, text.getBytes(StandardCharsets.UTF_8).length, 1, took);
    }

    /** The kept {@code nft -i} session, started (or replaced) when needed; empty when the runner starts none. */
    private Optional<NftSession> session() {
        if (session != null && !session.usable()) {
            session.close();
            session = null;
        }
        if (session == null) {
            session = tools.start(List.of("nft", "-i")).map(NftSession::new).orElse(null);
        }
        return Optional.ofNullable(session);
    }

    /** Ends the kept {@code nft -i} process, if any; a later apply starts another. */
    @Override
    public void close() {
        synchronized (handles) {
            if (session != null) {
                session.close();
                session = null;
            }
        }
    }

    /** {@return the declaration of set {@code name} in {@code state}, if it has that set} */
    private Optional<String> declared(DesiredState state, String name) {
        return state.objects().get(ObjectId.set(NftObjects.scope(FAMILY, table), name)) instanceof DesiredObject.Set s
                ? Optional.of(s.declaration()) : Optional.empty();
    }

    private void remember(DesiredState state) {
        state.objects().values().forEach(o -> {
            if (o instanceof DesiredObject.Set s) {
                remember(s);
            }
        });
    }

    private void remember(DesiredObject.Set s) {
        if (NftObjects.isMap(s.declaration())) {
            maps.add(s.id().name());
        } else {
            declarations.put(s.id().name(), s.declaration());
        }
    }

    private static DataplaneException failure(String what, ToolRunner.Result r) {
        return refused(what + " exited with status " + r.exitCode(), r.stderr().isBlank() ? r.stdout() : r.stderr());
    }

    /** {@code what} and the tool's complaint, cut to {@link #MAX_MESSAGE} characters. */
    private static DataplaneException refused(String what, String complaint) {
        String said = complaint.strip();
        if (said.length() > MAX_MESSAGE) {
            said = said.substring(0, MAX_MESSAGE) + "...";
        }
        return new DataplaneException(what + ": " + said);
    }
}
