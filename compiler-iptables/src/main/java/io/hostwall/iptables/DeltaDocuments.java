package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObjectKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Delta} as the tools' input: one {@code ipset restore} text for every set step but deletions, one
 * {@code iptables-restore --noflush} document per touched table, and one {@code ipset restore} text that destroys
 * the sets no rule uses any more. Pure: the live table a hook step is reconciled against is a parameter.
 */
final class DeltaDocuments {
    private DeltaDocuments() {}

    /** Set steps that run before the tables: element deletes, flushes, creates, replacements, element adds. */
    static String ipsetBefore(Delta delta) {
        StringBuilder b = new StringBuilder();
        for (DeltaOp op : delta.ops()) {
            if (op instanceof DeltaOp.DeleteElements d) {
                d.elements().forEach(e -> line(b, "del", d.target(), e));
            } else if (op instanceof DeltaOp.FlushSet f) {
                b.append("flush ").append(f.target().name()).append('\n');
            } else if (op instanceof DeltaOp.CreateSet c) {
                b.append("create ").append(c.set().id().name()).append(' ').append(c.set().declaration()).append('\n');
                c.set().elements().forEach(e -> line(b, "add", c.target(), e));
            } else if (op instanceof DeltaOp.ReplaceSet r) {
                // A new declaration under the old name: filled aside and swapped in, so the rules that use the set
                // (they refer to it by index) see the old members or the new ones, never none.
                IpsetDocumentWriter.swapInto(b, lines(r.set()));
            } else if (op instanceof DeltaOp.AddElements a) {
                a.elements().forEach(e -> line(b, "add", a.target(), e));
            }
        }
        return b.toString();
    }

    /** Set deletions, after the tables: by then no rule refers to them. */
    static String ipsetAfter(Delta delta) {
        StringBuilder b = new StringBuilder();
        for (DeltaOp op : delta.ops()) {
            if (op instanceof DeltaOp.DeleteSet d) {
                b.append("destroy ").append(d.target().name()).append('\n');
            }
        }
        return b.toString();
    }

    /** The sets a delta changes. */
    static Set<String> touchedSets(Delta delta) {
        Set<String> out = new HashSet<>();
        delta.ops().stream().filter(op -> op.target().kind() == ObjectKind.SET)
                .forEach(op -> out.add(op.target().name()));
        return out;
    }

    /** The chain and hook steps of each table, tables in writing order, steps in the delta's order. */
    static Map<TableScope, List<DeltaOp>> tableOps(Delta delta) {
        Map<TableScope, List<DeltaOp>> out = new LinkedHashMap<>();
        for (TableScope t : TableScope.all()) {
            List<DeltaOp> ops = new ArrayList<>();
            for (DeltaOp op : delta.ops()) {
                if (op.target().kind() != ObjectKind.SET && op.target().scope().equals(t.scope())) {
                    ops.add(op);
                }
            }
            if (!ops.isEmpty()) {
                out.put(t, ops);
            }
        }
        return out;
    }

    /**
     * One table's {@code --noflush} document for its steps; hook steps are reconciled against {@code live}, that
     * table as {@code iptables-save} printed it just before (or {@link SavedTables.Table#EMPTY} for a dry run).
     * An in-place edit is spelt by rule position when {@code live} shows the chain holding the edit's old rules
     * ({@link #holds}), and as a flush and refill otherwise; a dry run ({@code checked} false) assumes it does.
     */
    static String tableDocument(TableScope t, List<DeltaOp> ops, SavedTables.Table live, String tag,
            boolean checked) {
        StringBuilder b = new StringBuilder();
        b.append('*').append(t.table().iptablesName()).append('\n');
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.CreateChain c) {
                RestoreDocumentWriter.declare(b, c.target().name());
            } else if (op instanceof DeltaOp.FlushChain f) {
                b.append("-F ").append(f.target().name()).append('\n');
            } else if (op instanceof DeltaOp.AddRules a) {
                a.chain().rules().forEach(r -> b.append("-A ").append(a.target().name()).append(' ').append(r)
                        .append('\n'));
            } else if (op instanceof DeltaOp.EditRules e) {
                if (!checked || holds(live, e.before())) {
                    edit(b, e);
                } else {
                    b.append("-F ").append(e.target().name()).append('\n');
                    e.after().rules().forEach(r -> b.append("-A ").append(e.target().name()).append(' ').append(r)
                            .append('\n'));
                }
            } else if (op instanceof DeltaOp.DeleteChain d) {
                b.append("-X ").append(d.target().name()).append('\n');
            } else if (op instanceof DeltaOp.SyncHooks s) {
                syncHooks(b, s.hooks(), live, tag);
            } else if (op instanceof DeltaOp.RemoveHooks r) {
                ownHooks(live, r.target().name(), tag)
                        .forEach(h -> b.append("-D ").append(h.chain()).append(' ').append(h.spec()).append('\n'));
            } else {
                throw new IllegalArgumentException("not a table step: " + op);
            }
        }
        b.append("COMMIT\n");
        return b.toString();
    }

    /**
     * Whether the saved chain holds {@code before}'s rules one for one: as many, and each with the same comments,
     * jump/goto targets and matched sets as the rule hostwall wrote. iptables-save prints a rule in its own normal
     * form ({@code -p tcp} moved to the front, {@code --dports} for {@code --destination-ports}), so the texts are
     * not compared; these parts it prints as given. A foreign rule inserted, a rule deleted or the chain flushed
     * changes the count or the parts, and the chain is then rewritten whole instead of edited by position.
     */
    static boolean holds(SavedTables.Table live, DesiredObject.Chain before) {
        List<SavedTables.Rule> saved = live.rules().stream().filter(r -> r.chain().equals(before.id().name()))
                .toList();
        if (saved.size() != before.rules().size() || !live.userChains().contains(before.id().name())) {
            return false;
        }
        for (int i = 0; i < saved.size(); i++) {
            if (!parts(saved.get(i).words()).equals(parts(SavedTables.words(before.rules().get(i))))) {
                return false;
            }
        }
        return true;
    }

    /** The words of a rule that iptables-save prints as written: comments, targets, set names. */
    private static List<String> parts(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            switch (words.get(i)) {
                case "-j", "--jump", "-g", "--goto", "--comment", "--match-set" -> out.add(words.get(i + 1));
                default -> { }
            }
        }
        return out;
    }

    /**
     * The hunks as rule positions (1-based): last hunk first, so the positions of the earlier hunks still count
     * rules of the old chain; within a hunk its old rules are deleted at its position, then its new rules inserted
     * there in order ({@code -A} at the chain's end).
     */
    private static void edit(StringBuilder b, DeltaOp.EditRules e) {
        String chain = e.target().name();
        int size = e.before().rules().size();
        for (int k = e.hunks().size() - 1; k >= 0; k--) {
            DeltaOp.RuleHunk h = e.hunks().get(k);
            int position = h.at() + 1;
            for (int i = 0; i < h.deleted(); i++) {
                b.append("-D ").append(chain).append(' ').append(position).append('\n');
            }
            boolean atEnd = h.at() + h.deleted() == size;
            for (int i = 0; i < h.inserted().size(); i++) {
                if (atEnd) {
                    b.append("-A ").append(chain).append(' ');
                } else {
                    b.append("-I ").append(chain).append(' ').append(position + i).append(' ');
                }
                b.append(h.inserted().get(i)).append('\n');
            }
        }
    }

    /**
     * Makes hostwall's rules in a built-in chain exactly {@code hooks}: a present one stays where it is, a stale or
     * duplicated own rule is deleted by its saved text, a missing one goes on top (in reverse, to keep the order).
     */
    private static void syncHooks(StringBuilder b, DesiredObject.Hooks hooks, SavedTables.Table live, String tag) {
        String builtin = hooks.id().name();
        List<List<String>> wanted = new ArrayList<>();
        hooks.rules().forEach(r -> wanted.add(SavedTables.words(r)));
        Set<Integer> present = new HashSet<>();
        for (SavedTables.Rule r : ownHooks(live, builtin, tag)) {
            int i = wanted.indexOf(r.words());
            while (i >= 0 && present.contains(i)) {
                int next = wanted.subList(i + 1, wanted.size()).indexOf(r.words());
                i = next < 0 ? -1 : i + 1 + next;
            }
            if (i < 0) {
                b.append("-D ").append(builtin).append(' ').append(r.spec()).append('\n');
            } else {
                present.add(i);
            }
        }
        for (int i = hooks.rules().size() - 1; i >= 0; i--) {
            if (!present.contains(i)) {
                b.append("-I ").append(builtin).append(" 1 ").append(hooks.rules().get(i)).append('\n');
            }
        }
    }

    /** hostwall's rules in {@code builtin}: those carrying the owner tag, in saved order. */
    static List<SavedTables.Rule> ownHooks(SavedTables.Table live, String builtin, String tag) {
        return live.rules().stream().filter(r -> r.chain().equals(builtin) && r.comments().contains(tag)).toList();
    }

    /** A desired state's chains and hooks of one table, as the renderer's section, for the full replace. */
    static TableSection section(TableScope t, DesiredState state) {
        ImmutableList.Builder<OwnChain> chains = ImmutableList.builder();
        ImmutableList.Builder<HookRule> hooks = ImmutableList.builder();
        for (DesiredObject o : state.objects().values()) {
            if (!o.id().scope().equals(t.scope())) {
                continue;
            }
            if (o instanceof DesiredObject.Chain c) {
                chains.add(new OwnChain(c.id().name(), c.rules()));
            } else if (o instanceof DesiredObject.Hooks h) {
                for (String rule : h.rules()) {
                    List<String> w = SavedTables.words(rule);
                    int j = w.lastIndexOf("-j");
                    if (j < 0 || j + 1 >= w.size()) {
                        throw new IllegalArgumentException("hook rule without a target in " + h.id() + ": " + rule);
                    }
                    hooks.add(new HookRule(h.id().name(), w.get(j + 1)));
                }
            }
        }
        return new TableSection(t.table(), chains.build(), hooks.build());
    }

    /** The sets of a desired state, as the swap-in writer takes them. */
    static List<IpsetDocumentWriter.SetLines> sets(DesiredState state) {
        List<IpsetDocumentWriter.SetLines> out = new ArrayList<>();
        state.objects().values().forEach(o -> {
            if (o instanceof DesiredObject.Set s) {
                out.add(lines(s));
            }
        });
        return out;
    }

    private static IpsetDocumentWriter.SetLines lines(DesiredObject.Set s) {
        return new IpsetDocumentWriter.SetLines(s.id().name(), s.declaration(), s.elements().asList());
    }

    private static void line(StringBuilder b, String verb, ObjectId set, String element) {
        b.append(verb).append(' ').append(set.name()).append(' ').append(element).append('\n');
    }
}
