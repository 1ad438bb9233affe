package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to apply a ruleset on a host whose raw, mangle and filter tables others also write (kube-proxy, Docker, an
 * administrator): hostwall's chains are rewritten, its hooks are reconciled, and nobody else's rule is touched.
 * Re-applying the same ruleset changes nothing, and hooks are never duplicated.
 *
 * <pre>
 * IptablesApplyPlan plan = IptablesApplyPlan.of(ruleset, RenderOptions.defaults());
 * plan.ipsetDocument()                          → ipset restore            (sets first: rules refer to them)
 * plan.noflushDocument(V4, `iptables-save`)     → iptables-restore --noflush
 * plan.noflushDocument(V6, `ip6tables-save`)    → ip6tables-restore --noflush
 * plan.staleSets(`ipset list -n`, "hw")          → ipset destroy NAME, each  (optional clean-up, after the rules)
 * </pre>
 *
 * The noflush document names every table once ({@code *table … COMMIT}), so each table changes atomically. It
 * declares every own chain ({@code :NAME - [0:0]} creates it or empties it) and writes its rules, deletes own hooks
 * that are stale or duplicated (recognised by the owner comment), adds missing hooks, and deletes own chains that
 * the new ruleset no longer has. The document depends on the {@code iptables-save} text it was computed from: save
 * and restore right after each other, and on failure (another writer changed the table in between) save again and
 * retry. Pass {@code --wait} to both tools on hosts with other writers.
 */
public final class IptablesApplyPlan {

    /** Where a missing hook goes in its built-in chain. */
    public enum HookMode {
        /** At the top ({@code -I CHAIN 1}), Felix's default: hostwall sees packets before other rules. */
        INSERT,
        /** At the end ({@code -A}): rules others wrote earlier in the chain see packets first. */
        APPEND
    }

    private final Ruleset ruleset;
    private final String tag;
    private final HookMode mode;
    private final ImmutableMap<IpFamily, ImmutableList<TableSection>> sections;

    private IptablesApplyPlan(Ruleset ruleset, String tag, HookMode mode) {
        this.ruleset = ruleset;
        this.tag = tag;
        this.mode = mode;
        TableRenderer tables = new TableRenderer(ruleset);
        Map<IpFamily, ImmutableList<TableSection>> m = new EnumMap<>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            m.put(f, tables.render(f));
        }
        this.sections = ImmutableMap.copyOf(m);
    }

    /**
     * A plan whose missing hooks are inserted at the top of their built-in chains ({@link HookMode#INSERT}).
     *
     * @param ruleset the compiled ruleset
     * @param options the table name, which also tags hostwall's hook rules
     * @return the plan
     */
    public static IptablesApplyPlan of(Ruleset ruleset, RenderOptions options) {
        return of(ruleset, options, HookMode.INSERT);
    }

    /**
     * A plan whose missing hooks go where {@code mode} says.
     *
     * @param ruleset the compiled ruleset
     * @param options the table name, which also tags hostwall's hook rules
     * @param mode where a missing hook goes
     * @return the plan
     */
    public static IptablesApplyPlan of(Ruleset ruleset, RenderOptions options, HookMode mode) {
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(mode, "mode");
        return new IptablesApplyPlan(ruleset, IptablesBackend.hookTag(options), mode);
    }

    /** {@return the {@code ipset restore} input (the same as the backend's), empty when the ruleset has no sets} */
    public Optional<String> ipsetDocument() {
        if (ruleset.sets().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(IptablesBackend.ipsetDocument(ruleset));
    }

    /**
     * The own chains and their rules, without hooks, for {@code iptables-restore --noflush}: the part of the
     * apply that does not depend on the host.
     *
     * @param family which of {@code iptables-restore} (V4) and {@code ip6tables-restore} (V6) the document is for
     * @return the document
     */
    public String ownChainsDocument(IpFamily family) {
        StringBuilder b = new StringBuilder();
        RestoreDocumentWriter.comment(b, header(family, "own chains"));
        for (TableSection s : sections.get(family)) {
            if (!s.chains().isEmpty()) {
                b.append('*').append(s.table().iptablesName()).append('\n');
                RestoreDocumentWriter.ownChains(b, s);
                b.append("COMMIT\n");
            }
        }
        return b.toString();
    }

    /**
     * The hook edits alone ({@code -D} stale own hooks, {@code -I}/{@code -A} missing ones, delete own chains that
     * are gone) against {@code currentSave}, the output of {@code iptables-save} ({@code ip6tables-save} for V6).
     * To be loaded with {@code --noflush} after {@link #ownChainsDocument}; empty tables are left out.
     *
     * @param family which of {@code iptables-restore} (V4) and {@code ip6tables-restore} (V6) the document is for
     * @param currentSave the host's tables as {@code iptables-save} / {@code ip6tables-save} printed them just now
     * @return the document
     */
    public String hookReconciliation(IpFamily family, String currentSave) {
        return document(family, currentSave, false);
    }

    /**
     * Own chains and hook reconciliation in one {@code --noflush} document: each table changes atomically.
     *
     * @param family which of {@code iptables-restore} (V4) and {@code ip6tables-restore} (V6) the document is for
     * @param currentSave the host's tables as {@code iptables-save} / {@code ip6tables-save} printed them just now
     * @return the document
     */
    public String noflushDocument(IpFamily family, String currentSave) {
        return document(family, currentSave, true);
    }

    /**
     * Sets named {@code namePrefix}… that exist on the host ({@code ipset list -n} output) but not in this
     * ruleset: candidates for {@code ipset destroy}, one by one, after the new rules are in. A set some rule still
     * uses cannot be destroyed; ignore that error. Temporary sets of an interrupted apply ({@code NAME:t}) are
     * included.
     *
     * @param ipsetListNames the output of {@code ipset list -n}
     * @param namePrefix the prefix of the sets this ruleset's owner manages
     * @return the stale set names, sorted
     */
    public List<String> staleSets(String ipsetListNames, String namePrefix) {
        Set<String> keep = new HashSet<>();
        for (IpSet s : ruleset.sets()) {
            keep.add(s.name());
        }
        List<String> out = new ArrayList<>();
        for (String line : ipsetListNames.split("\n")) {
            String n = line.strip();
            if (!n.isEmpty() && n.startsWith(namePrefix) && !keep.contains(n)) {
                out.add(n);
            }
        }
        return out.stream().sorted().toList();
    }

    private String document(IpFamily family, String currentSave, boolean withChains) {
        SavedTables saved = SavedTables.parse(currentSave);
        StringBuilder b = new StringBuilder();
        RestoreDocumentWriter.comment(b, header(family, withChains ? "noflush apply" : "hook reconciliation"));
        for (TableSection s : sections.get(family)) {
            tableDocument(b, s, saved.table(s.table().iptablesName()), tag, mode, withChains);
        }
        return b.toString();
    }

    /**
     * One table's part of a noflush document ({@code *table ... COMMIT}), or nothing when the table needs no
     * change: own chains declared and filled (when {@code withChains}), own hooks reconciled against
     * {@code current}, own chains that only old hooks reached emptied and deleted. The dataplane's full replace
     * writes the same text, one table at a time.
     */
    static void tableDocument(StringBuilder b, TableSection s, SavedTables.Table current, String tag, HookMode mode,
            boolean withChains) {
        HookReconciler.Edits e = HookReconciler.reconcile(s, current, tag, mode);
        boolean chains = withChains && !s.chains().isEmpty();
        if (!chains && e.isEmpty()) {
            return;
        }
        b.append('*').append(s.table().iptablesName()).append('\n');
        if (chains) {
            RestoreDocumentWriter.declarations(b, s);
        }
        // Empty the chains about to go first, so that references among them vanish before -X.
        e.flushChains().forEach(c -> RestoreDocumentWriter.declare(b, c));
        if (chains) {
            RestoreDocumentWriter.rules(b, s);
        }
        e.deleteHooks().forEach(l -> b.append(l).append('\n'));
        e.addHooks().forEach(l -> b.append(l).append('\n'));
        e.deleteChains().forEach(c -> b.append("-X ").append(c).append('\n'));
        b.append("COMMIT\n");
    }

    private String header(IpFamily family, String what) {
        String tool = family == IpFamily.V4 ? "iptables-restore" : "ip6tables-restore";
        return "hostwall " + (family == IpFamily.V4 ? "IPv4" : "IPv6") + " " + what + " for node " + ruleset.node()
                + "\nload with: " + tool + " --noflush";
    }
}
