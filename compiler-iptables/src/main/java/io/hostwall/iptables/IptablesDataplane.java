package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.dataplane.ApplyResult;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObjectKind;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.HashedNames;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The iptables dataplane: a delta is written as one {@code ipset restore} (new sets, element changes, set
 * replacements), then one {@code iptables-restore --noflush --wait} / {@code ip6tables-restore --noflush --wait}
 * per touched table (each atomic), then one {@code ipset restore} that destroys the sets no rule uses any more.
 * hostwall's rules in built-in chains are reconciled against the table as {@code iptables-save} prints it just
 * before the write, recognised by their owner comment ({@code <tableName>:hook}); nobody else's rule is touched.
 *
 * <p>Failure: the tools commit per run, so a refusal of the third table would leave the first two and the set
 * changes in force. The dataplane therefore keeps what it is about to change ({@link TableBefore}: each table's
 * {@code iptables-save} taken right before its write, or, when the steps reconcile no hooks and touch few chains,
 * just those chains as {@code iptables -S} lists them; and {@code ipset save} of every set the delta touches) and,
 * when any run fails, puts it back: the sets' old members are swapped in, each table written so far is restored
 * whole (restore without {@code --noflush} replaces just the tables its input names) or its touched chains are
 * refilled, sets the apply created are destroyed. So a failed apply leaves the previous ruleset in force. The
 * price: a foreign write to one of those tables (whole) or chains in the milliseconds between the save and the
 * rollback would be undone too; that happens only on the failure path.
 *
 * <p>Own chains are the chains hostwall's hooks reach plus those this dataplane has seen in a desired state or a
 * delta (so a chain whose hook was deleted is still found); own sets are the sets their rules match plus the known
 * ones. A {@link DeltaOp.ReplaceAll} is {@link IptablesApplyPlan}'s table documents, one table at a time, with
 * stale own chains deleted and stale own sets destroyed after the tables.
 */
public final class IptablesDataplane implements Dataplane {
    /** Per-set {@code ipset save NAME} up to this many touched sets; beyond, one {@code ipset save} of all. */
    private static final int SET_SNAPSHOT_ONE_BY_ONE = 32;
    private static final int DESTROY_ATTEMPTS = 5;
    /** A delta touching more of a table's chains than this saves the whole table (one run instead of many). */
    private static final int CHAIN_SNAPSHOT_MAX = 16;

    private final String tag;
    private final ToolRunner tools;
    private final Set<ObjectId> known = new ConcurrentSkipListSet<>();
    /** The previous desired state's renderings: an edit renders only the IR chains and sets it changed. */
    private final IptablesRenderMemo memo = new IptablesRenderMemo();

    /**
     * A dataplane for the current network namespace of {@code tools}.
     *
     * @param options the table name, which tags hostwall's hook rules
     * @param tools how the kernel tools are run
     */
    public IptablesDataplane(RenderOptions options, ToolRunner tools) {
        this.tag = IptablesBackend.hookTag(Objects.requireNonNull(options, "options"));
        this.tools = Objects.requireNonNull(tools, "tools");
    }

    @Override
    public String backend() {
        return IptablesBackend.NAME;
    }

    /**
     * {@inheritDoc} Per family and table one chain per own chain and one hooks object per built-in chain hostwall
     * hooks into (scope e.g. {@code ip filter}, {@code ip6 raw}), and one set per ipset (scope {@code ipset}). IR
     * chains and sets equal to the previous call's are not rendered again, and keep their very objects.
     */
    @Override
    public DesiredState desired(Ruleset ruleset) {
        DesiredState state;
        synchronized (memo) {
            state = memo.render(ruleset, tag);
        }
        known.addAll(state.objects().keySet());
        return state;
    }

    @Override
    public String transaction(Delta delta) {
        StringBuilder b = new StringBuilder();
        if (delta.isReplaceAll()) {
            DesiredState state = ((DeltaOp.ReplaceAll) delta.ops().get(0)).state();
            section(b, "ipset restore", replaceAllIpset(state));
            for (TableScope t : TableScope.all()) {
                section(b, t.restoreTool() + " --noflush --wait", replaceAllTable(t, state, SavedTables.Table.EMPTY));
            }
            b.append("# then: ipset destroy, each stale hostwall set found in the kernel\n");
            return b.toString();
        }
        section(b, "ipset restore", DeltaDocuments.ipsetBefore(delta));
        DeltaDocuments.tableOps(delta).forEach((t, ops) -> section(b, t.restoreTool() + " --noflush --wait",
                DeltaDocuments.tableDocument(t, ops, SavedTables.Table.EMPTY, tag, false)));
        section(b, "ipset restore", DeltaDocuments.ipsetAfter(delta));
        return b.toString();
    }

    private static void section(StringBuilder b, String command, String text) {
        if (!text.isEmpty()) {
            b.append("# ").append(command).append('\n').append(text);
        }
    }

    @Override
    public ApplyResult apply(Delta delta) {
        Objects.requireNonNull(delta, "delta");
        long start = System.nanoTime();
        Write w = new Write();
        try {
            if (delta.isReplaceAll()) {
                replaceAll(w, ((DeltaOp.ReplaceAll) delta.ops().get(0)).state());
            } else {
                remember(delta);
                applySteps(w, delta);
            }
        } catch (RuntimeException e) {
            throw w.rollBack(e);
        }
        return new ApplyResult(delta.ops().size(), w.bytes, w.transactions, Duration.ofNanos(System.nanoTime() - start));
    }

    private void remember(Delta delta) {
        for (DeltaOp op : delta.ops()) {
            known.add(op.target());
        }
    }

    private void applySteps(Write w, Delta delta) {
        w.snapshotSets(DeltaDocuments.touchedSets(delta));
        requireSwappable(delta, w.setsBefore);
        w.ipset(DeltaDocuments.ipsetBefore(delta));
        for (Map.Entry<TableScope, List<DeltaOp>> e : DeltaDocuments.tableOps(delta).entrySet()) {
            TableScope t = e.getKey();
            TableBefore before = w.before(t, e.getValue());
            String doc = DeltaDocuments.tableDocument(t, e.getValue(), before.live(), tag, true);
            w.table(t, doc, before);
        }
        w.destroy(setNames(DeltaDocuments.ipsetAfter(delta)));
    }

    /**
     * The kernel swaps only sets of one type and family, and refuses to rename or destroy a set a rule uses; so a
     * set whose type or family changes cannot be replaced under its name while rules use it. hostwall's set names
     * carry the type and family ({@code hw4n-}, {@code hw6p-}), so only a hand-made state asks for it: refused
     * before anything is written.
     */
    private static void requireSwappable(Delta delta, Map<String, List<String>> before) {
        for (DeltaOp op : delta.ops()) {
            if (op instanceof DeltaOp.ReplaceSet r && before.get(r.target().name()) != null) {
                requireSameType(r.target().name(), before.get(r.target().name()), r.set().declaration());
            }
        }
    }

    private static void requireSameType(String name, List<String> saved, String declaration) {
        String was = IpsetSave.type(saved);
        String next = IpsetSave.type(List.of("create " + name + " " + declaration));
        if (!was.equals(next)) {
            throw new DataplaneException("set " + name + " would change from " + was + " to " + next
                    + ": ipset swaps only sets of one type and family; give the new set a new name");
        }
    }

    private void replaceAll(Write w, DesiredState state) {
        known.addAll(state.objects().keySet());
        Set<String> wanted = new TreeSet<>();
        state.objects().keySet().stream().filter(id -> id.kind() == ObjectKind.SET).forEach(id -> wanted.add(id.name()));
        Map<TableScope, String> saves = new LinkedHashMap<>();
        Map<TableScope, String> docs = new LinkedHashMap<>();
        Set<String> stale = new TreeSet<>(knownNames(ObjectKind.SET, TableScope.IPSET));
        for (TableScope t : TableScope.all()) {
            String saved = w.save(t);
            SavedTables.Table table = parse(t, saved);
            stale.addAll(OwnObjects.of(t, table, tag, knownNames(ObjectKind.CHAIN, t.scope())).sets());
            saves.put(t, saved);
            docs.put(t, replaceAllTable(t, state, table));
        }
        stale.removeAll(wanted);
        Set<String> touched = new TreeSet<>(wanted);
        touched.addAll(stale);
        w.snapshotSets(touched);
        stale.removeIf(n -> w.setsBefore.get(n) == null);
        StringBuilder ipset = new StringBuilder();
        for (IpsetDocumentWriter.SetLines s : DeltaDocuments.sets(state)) {
            List<String> before = w.setsBefore.get(s.name());
            if (before == null) {
                IpsetDocumentWriter.swapIn(ipset, s);
            } else {
                requireSameType(s.name(), before, s.declaration());
                IpsetDocumentWriter.swapInto(ipset, s);
            }
        }
        w.ipset(ipset.toString());
        docs.forEach((t, doc) -> w.table(t, doc, new TableBefore.Whole(t, saves.get(t))));
        w.destroy(stale);
    }

    private String replaceAllTable(TableScope t, DesiredState state, SavedTables.Table current) {
        StringBuilder b = new StringBuilder();
        IptablesApplyPlan.tableDocument(b, DeltaDocuments.section(t, state), current, tag,
                IptablesApplyPlan.HookMode.INSERT, true);
        return b.toString();
    }

    private static String replaceAllIpset(DesiredState state) {
        StringBuilder b = new StringBuilder();
        DeltaDocuments.sets(state).forEach(s -> IpsetDocumentWriter.swapIn(b, s));
        return b.toString();
    }

    @Override
    public ObservedState read() {
        ImmutableSortedMap.Builder<ObjectId, ObservedState.Observed> out = ImmutableSortedMap.naturalOrder();
        Set<String> sets = new TreeSet<>(knownNames(ObjectKind.SET, TableScope.IPSET));
        for (io.hostwall.net.IpFamily f : io.hostwall.net.IpFamily.values()) {
            SavedTables saved = SavedTables.parse(ok(List.of(f == io.hostwall.net.IpFamily.V4 ? "iptables-save"
                    : "ip6tables-save"), ""));
            for (TableScope t : TableScope.all()) {
                if (t.family() != f) {
                    continue;
                }
                OwnObjects own = OwnObjects.of(t, saved.table(t.table().iptablesName()), tag,
                        knownNames(ObjectKind.CHAIN, t.scope()));
                own.hooks().forEach((builtin, rules) -> out.put(ObjectId.hooks(t.scope(), builtin),
                        observed(ObjectId.hooks(t.scope(), builtin), rules)));
                own.chains().forEach((chain, rules) -> out.put(ObjectId.chain(t.scope(), chain),
                        observed(ObjectId.chain(t.scope(), chain), rules)));
                sets.addAll(own.sets());
            }
        }
        Map<String, List<String>> ipsets = IpsetSave.parse(ok(List.of("ipset", "save"), ""));
        for (String name : sets) {
            List<String> lines = ipsets.get(name);
            if (lines != null) {
                ObjectId id = ObjectId.set(TableScope.IPSET, name);
                List<String> members = IpsetSave.members(lines);
                List<String> listing = new ArrayList<>();
                listing.add(IpsetSave.type(lines));
                listing.addAll(new TreeSet<>(members));
                out.put(id, new ObservedState.Observed(id, members.size(), sha256(listing)));
            }
        }
        ImmutableSortedMap<ObjectId, ObservedState.Observed> objects = out.buildOrThrow();
        return new ObservedState(!objects.isEmpty(), objects);
    }

    private static ObservedState.Observed observed(ObjectId id, List<SavedTables.Rule> rules) {
        List<String> lines = rules.stream().map(r -> "-A " + r.chain() + " " + r.spec()).toList();
        return new ObservedState.Observed(id, rules.size(), sha256(lines));
    }

    /** SHA-256 of the lines, each ended by a newline, as 64 hex digits. */
    private static String sha256(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        return HashedNames.sha256Hex(text.toString(), 32);
    }

    @Override
    public ApplyResult remove() {
        long start = System.nanoTime();
        Write w = new Write();
        try {
            Map<TableScope, String> saves = new LinkedHashMap<>();
            Map<TableScope, String> docs = new LinkedHashMap<>();
            Set<String> sets = new TreeSet<>(knownNames(ObjectKind.SET, TableScope.IPSET));
            Set<String> kept = new TreeSet<>();
            for (TableScope t : TableScope.all()) {
                String saved = w.save(t);
                OwnObjects own = OwnObjects.of(t, parse(t, saved), tag, knownNames(ObjectKind.CHAIN, t.scope()));
                StringBuilder b = new StringBuilder();
                own.hooks().values().forEach(rules -> rules.forEach(r ->
                        b.append("-D ").append(r.chain()).append(' ').append(r.spec()).append('\n')));
                List<String> gone = own.chains().keySet().stream().filter(c -> !own.foreignReached().contains(c))
                        .toList();
                gone.forEach(c -> b.append("-F ").append(c).append('\n'));
                gone.forEach(c -> b.append("-X ").append(c).append('\n'));
                own.foreignReached().forEach(c -> kept.addAll(OwnObjects.matchSets(own.chains().get(c))));
                sets.addAll(own.sets());
                if (b.length() > 0) {
                    saves.put(t, saved);
                    docs.put(t, "*" + t.table().iptablesName() + "\n" + b + "COMMIT\n");
                }
            }
            sets.removeAll(kept);
            w.snapshotSets(sets);
            sets.removeIf(n -> w.setsBefore.get(n) == null);
            docs.forEach((t, doc) -> w.table(t, doc, new TableBefore.Whole(t, saves.get(t))));
            w.destroy(sets);
        } catch (RuntimeException e) {
            throw w.rollBack(e);
        }
        known.clear();
        return new ApplyResult(1, w.bytes, w.transactions, Duration.ofNanos(System.nanoTime() - start));
    }

    private Set<String> knownNames(ObjectKind kind, String scope) {
        Set<String> out = new TreeSet<>();
        for (ObjectId id : known) {
            if (id.kind() == kind && id.scope().equals(scope)) {
                out.add(id.name());
            }
        }
        return out;
    }

    private static SavedTables.Table parse(TableScope t, String save) {
        return SavedTables.parse(save).table(t.table().iptablesName());
    }

    private static List<String> setNames(String destroyText) {
        return destroyText.lines().map(l -> l.substring("destroy ".length())).toList();
    }

    private String ok(List<String> command, String stdin) {
        ToolRunner.Result r = tools.run(command, stdin);
        if (!r.ok()) {
            throw new DataplaneException(String.join(" ", command) + " failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        return r.stdout();
    }

    /** One apply's writes, with what they replaced, so that a failure can put it back. */
    private final class Write {
        long bytes;
        int transactions;
        /** What each table written so far held before, in writing order. */
        final Map<TableScope, TableBefore> tablesBefore = new LinkedHashMap<>();
        /** Each touched set's {@code ipset save} lines, or null when it did not exist. */
        final Map<String, List<String>> setsBefore = new TreeMap<>();

        String save(TableScope t) {
            return ok(List.of(t.saveTool(), "-t", t.table().iptablesName()), "");
        }

        /**
         * The table before a delta's steps: only the chains they touch when none reconciles hooks (which sit among
         * other programs' rules in built-in chains) and they touch at most {@value #CHAIN_SNAPSHOT_MAX} chains;
         * the whole table otherwise.
         */
        TableBefore before(TableScope t, List<DeltaOp> ops) {
            Set<String> touched = new TreeSet<>();
            Set<String> created = new TreeSet<>();
            for (DeltaOp op : ops) {
                if (op instanceof DeltaOp.SyncHooks || op instanceof DeltaOp.RemoveHooks) {
                    return new TableBefore.Whole(t, save(t));
                }
                if (op instanceof DeltaOp.CreateChain c) {
                    created.add(c.target().name());
                }
                touched.add(op.target().name());
            }
            if (touched.size() > CHAIN_SNAPSHOT_MAX) {
                return new TableBefore.Whole(t, save(t));
            }
            ImmutableMap.Builder<String, Optional<ImmutableList<String>>> chains = ImmutableMap.builder();
            for (String chain : touched) {
                Optional<ImmutableList<String>> rules = listChain(t, chain);
                if (rules.isEmpty() && !created.contains(chain)) {
                    // A chain the delta expects to exist cannot be listed: take the whole table, as before.
                    return new TableBefore.Whole(t, save(t));
                }
                chains.put(chain, rules);
            }
            return new TableBefore.Chains(t, chains.build());
        }

        /**
         * {@code iptables -S CHAIN}'s rule lines, or empty when it cannot list the chain. A missing chain is the
         * usual reason, but iptables-nft 1.8.9 says so in words that vary ("is incompatible, use 'nft' tool"), so
         * the caller decides from the delta whether the chain should exist.
         */
        private Optional<ImmutableList<String>> listChain(TableScope t, String chain) {
            ToolRunner.Result r = tools.run(List.of(t.listTool(), "--wait", "-t", t.table().iptablesName(), "-S", chain),
                    "");
            if (!r.ok()) {
                return Optional.empty();
            }
            return Optional.of(r.stdout().lines().filter(l -> l.startsWith("-A "))
                    .collect(ImmutableList.toImmutableList()));
        }

        void snapshotSets(Set<String> names) {
            if (names.isEmpty()) {
                return;
            }
            if (names.size() > SET_SNAPSHOT_ONE_BY_ONE) {
                Map<String, List<String>> all = IpsetSave.parse(ok(List.of("ipset", "save"), ""));
                names.forEach(n -> setsBefore.put(n, all.get(n)));
                return;
            }
            for (String n : names) {
                ToolRunner.Result r = tools.run(List.of("ipset", "save", n), "");
                setsBefore.put(n, r.ok() ? IpsetSave.parse(r.stdout()).get(n) : null);
            }
        }

        void ipset(String text) {
            if (!text.isEmpty()) {
                write(List.of("ipset", "restore"), text);
            }
        }

        void table(TableScope t, String doc, TableBefore saved) {
            if (doc.isEmpty() || doc.equals("*" + t.table().iptablesName() + "\nCOMMIT\n")) {
                return;
            }
            write(List.of(t.restoreTool(), "--noflush", "--wait"), doc);
            tablesBefore.put(t, saved);
        }

        /** Destroys sets; the kernel may release a set its rules no longer use a moment after the commit. */
        void destroy(java.util.Collection<String> names) {
            List<String> left = new ArrayList<>(names);
            for (int attempt = 1; !left.isEmpty(); attempt++) {
                StringBuilder b = new StringBuilder();
                left.forEach(n -> b.append("destroy ").append(n).append('\n'));
                bytes += b.length();
                transactions++;
                ToolRunner.Result r = tools.run(List.of("ipset", "restore"), b.toString());
                if (r.ok()) {
                    return;
                }
                if (attempt == DESTROY_ATTEMPTS || !r.stderr().contains("in use")) {
                    throw new DataplaneException("ipset restore (destroy) failed (exit " + r.exitCode() + "): "
                            + r.stderr().strip());
                }
                Set<String> exist = IpsetSave.names(ok(List.of("ipset", "list", "-n"), ""));
                left.removeIf(n -> !exist.contains(n));
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DataplaneException("interrupted while destroying sets", e);
                }
            }
        }

        private void write(List<String> command, String text) {
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
            transactions++;
            ok(command, text);
        }

        /** Puts back what this apply changed; the result says what failed and whether the rollback worked. */
        DataplaneException rollBack(RuntimeException cause) {
            List<String> problems = new ArrayList<>();
            StringBuilder restore = new StringBuilder();
            Set<String> existing = setsBefore.isEmpty() ? Set.of()
                    : IpsetSave.names(tools.run(List.of("ipset", "list", "-n"), "").stdout());
            setsBefore.forEach((n, lines) -> {
                if (lines != null && existing.contains(n)) {
                    IpsetDocumentWriter.swapInto(restore, IpsetSave.setLines(n, lines));
                } else if (lines != null) {
                    IpsetDocumentWriter.swapIn(restore, IpsetSave.setLines(n, lines));
                }
            });
            attempt(problems, List.of("ipset", "restore"), restore.toString());
            List<TableScope> written = new ArrayList<>(tablesBefore.keySet());
            java.util.Collections.reverse(written);
            for (TableScope t : written) {
                TableBefore saved = tablesBefore.get(t);
                attempt(problems, saved.rollbackCommand(), saved.rollbackDocument());
            }
            StringBuilder destroy = new StringBuilder();
            if (setsBefore.containsValue(null)) {
                setsBefore.forEach((n, lines) -> {
                    if (lines == null && existing.contains(n)) {
                        destroy.append("destroy ").append(n).append('\n');
                    }
                });
            }
            attempt(problems, List.of("ipset", "restore"), destroy.toString());
            String message = cause.getMessage() + (problems.isEmpty()
                    ? (tablesBefore.isEmpty() && setsBefore.isEmpty() ? "" : "; rolled back, the previous ruleset is in force")
                    : "; ROLLBACK INCOMPLETE: " + String.join("; ", problems));
            return new DataplaneException(message, cause);
        }

        private void attempt(List<String> problems, List<String> command, String text) {
            if (text.isEmpty()) {
                return;
            }
            try {
                ToolRunner.Result r = tools.run(command, text);
                if (!r.ok()) {
                    problems.add(String.join(" ", command) + ": " + r.stderr().strip());
                }
            } catch (RuntimeException e) {
                problems.add(String.join(" ", command) + ": " + e.getMessage());
            }
        }
    }
}
