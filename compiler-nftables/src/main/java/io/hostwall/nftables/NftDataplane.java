package io.hostwall.nftables;

import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.dataplane.ApplyResult;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * handles of the chain's rules. They are learned from every {@link #read} (the listing numbers each rule) and from
 * the dataplane's own writes: a delta that adds rules runs as {@code nft --echo --handle -f -}, whose echo has one
 * line per rule command in order, ending {@code # handle N}, paired with the rules sent. When the count does not
 * match, or an apply fails, or a {@link DeltaOp.ReplaceAll} runs (not echoed: its echo is as large as the table),
 * the handles are forgotten, never guessed, and an edit of such a chain is written as a rewrite until the next read.
 *
 * Other tables (kube-proxy's, firewalld's, iptables-nft's) are never named by any command this class writes.
 */
public final class NftDataplane implements Dataplane {
    private static final String FAMILY = "inet";
    /** How much of a tool's complaint a {@link DataplaneException} carries. */
    private static final int MAX_MESSAGE = 4000;
    /** The public constructor's choice; see the class comment and README for the measurement behind it. */
    static final boolean ECHO_REPLACE_ALL = false;
    private static final Pattern ECHOED_HANDLE = Pattern.compile("# handle (\\d+)$");

    private final RenderOptions options;
    private final String table;
    private final ToolRunner tools;
    /** Names of maps seen in desired states and listings: nft flushes a map with {@code flush map}. */
    private final Set<String> maps = ConcurrentHashMap.newKeySet();
    /**
     * Declarations of the sets of the last desired state, so that a delta adds elements with {@code add set}
     * ({@link NftTransaction}); refilled by every {@link #desired} call, so it holds one state's sets.
     */
    private final Map<String, String> declarations = new ConcurrentHashMap<>();
    /** The previous desired state's renderings: a warm agent's next state renders only what changed. */
    private final NftRenderMemo memo = new NftRenderMemo();
    /** The handles of each chain's rules in order, where known; guarded by itself. */
    private final Map<String, List<Long>> handles = new HashMap<>();
    /** Whether a {@link DeltaOp.ReplaceAll} is echoed so that the handles are known right after it. */
    private final boolean echoReplaceAll;
    /** The last run's echo; guarded by {@link #handles}. */
    private String lastEcho = "";
    private int lastEditsByHandle;

    /**
     * A dataplane for the table {@code options} name.
     *
     * @param options the table name and counters, as the script would be rendered with
     * @param tools how {@code nft} is run (the current namespace, or {@code ip netns exec ...})
     */
    public NftDataplane(RenderOptions options, ToolRunner tools) {
        this(options, tools, ECHO_REPLACE_ALL);
    }

    /**
     * A dataplane for the table {@code options} name, choosing whether a full replace is echoed (tests and
     * measurements; the public constructor's choice is the measured one).
     *
     * @param options the table name and counters
     * @param tools how {@code nft} is run
     * @param echoReplaceAll whether a {@link DeltaOp.ReplaceAll} runs with {@code --echo --handle}
     */
    NftDataplane(RenderOptions options, ToolRunner tools, boolean echoReplaceAll) {
        this.echoReplaceAll = echoReplaceAll;
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
        remember(state);
        return state;
    }

    /** {@return how many chains and sets the last {@link #desired} reused from the call before it} */
    long reusedByLastDesired() {
        synchronized (memo) {
            return memo.reused();
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

    /**
     * {@inheritDoc} One {@code nft -f -} run ({@code nft --echo --handle -f -} when it adds rules, to learn their
     * handles); nothing at all for an empty delta.
     */
    @Override
    public ApplyResult apply(Delta delta) {
        synchronized (handles) {
            NftTransaction tx = transactionFor(delta);
            String text = tx.write(delta);
            int steps = delta.ops().size();
            if (text.isEmpty()) {
                return new ApplyResult(0, 0, 0, Duration.ZERO);
            }
            boolean echo = tx.ruleCommands() > 0 && (echoReplaceAll || !delta.isReplaceAll());
            lastEditsByHandle = tx.editsByHandle();
            try {
                ApplyResult result = run(text, steps, echo);
                learn(delta, tx, echo ? Optional.of(lastEcho) : Optional.empty());
                return result;
            } catch (RuntimeException e) {
                handles.clear(); // the kernel's state is not known: never guess
                throw e;
            }
        }
    }

    /** The handles after a successful write: the echo's fill the script's placeholders, in order. */
    private void learn(Delta delta, NftTransaction tx, Optional<String> echo) {
        List<Long> echoed = echo.map(NftDataplane::echoedHandles).orElse(List.of());
        if (delta.isReplaceAll()) {
            handles.clear();
        }
        if (echo.isEmpty() && tx.ruleCommands() > 0 || echoed.size() != tx.ruleCommands()) {
            // Not echoed (a full replace), or the echo does not pair with the rules sent: forget what was written.
            tx.handlesAfter().keySet().forEach(handles::remove);
            if (echo.isPresent()) {
                handles.clear();
            }
            return;
        }
        tx.handlesAfter().forEach((chain, after) -> {
            if (after == null) {
                handles.remove(chain);
                return;
            }
            List<Long> filled = new ArrayList<>(after.size());
            for (long h : after) {
                filled.add(h < 0 ? echoed.get((int) (-h - 1)) : h);
            }
            handles.put(chain, filled);
        });
    }

    /** The handle at the end of each echoed {@code add rule} / {@code insert rule} line, in order. */
    static List<Long> echoedHandles(String echo) {
        List<Long> out = new ArrayList<>();
        for (String line : echo.split("\n")) {
            if (line.startsWith("add rule ") || line.startsWith("insert rule ")) {
                Matcher m = ECHOED_HANDLE.matcher(line);
                if (!m.find()) {
                    return List.of(-1L, -1L); // unreadable: a count that pairs with no script of one rule
                }
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }

    /** {@return how many in-place edits the last apply spelt by handle (the others were rewrites)} */
    int lastEditsByHandle() {
        synchronized (handles) {
            return lastEditsByHandle;
        }
    }

    /** {@return the known handles of a chain's rules (tests)} */
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
        return new NftTransaction(FAMILY, table, maps::contains, name -> Optional.ofNullable(declarations.get(name)),
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
                    + "\n", 1, false);
        }
    }

    private ApplyResult run(String text, int steps, boolean echo) {
        long t0 = System.nanoTime();
        ToolRunner.Result r = tools.run(echo ? List.of("nft", "--echo", "--handle", "-f", "-")
                : List.of("nft", "-f", "-"), text);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!r.ok()) {
            throw failure("nft -f - (" + steps + " steps, " + text.lines().count() + " lines)", r);
        }
        lastEcho = echo ? r.stdout() : "";
        return new ApplyResult(steps, text.getBytes(StandardCharsets.UTF_8).length, 1, took);
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
        String said = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
        if (said.length() > MAX_MESSAGE) {
            said = said.substring(0, MAX_MESSAGE) + "...";
        }
        return new DataplaneException(what + " exited with status " + r.exitCode() + ": " + said);
    }
}
