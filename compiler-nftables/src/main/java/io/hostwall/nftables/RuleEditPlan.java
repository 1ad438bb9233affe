package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import io.hostwall.dataplane.DeltaOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@link NftTransaction} writes one {@link DeltaOp.EditRules} with cheap commands only (see its class comment):
 * the handles to delete, the rules to append at the end (in order) and the rules to put at the top (in order; the
 * script inserts them last first), and the chain's handles afterwards.
 *
 * <p>Deleted rules outside the rewritten side go by handle. If the edit inserts rules, one side of the chain is
 * rewritten: the suffix from the first inserting hunk to the end, or the prefix from the top to the end of the last
 * inserting hunk, whichever writes fewer rules; a side is widened by one old rule when it would hold none, so that
 * every edit deletes at least one old rule by handle (the guard against a chain changed behind hostwall's back).
 *
 * @param deleted handles to delete, each of an old rule
 * @param appended new rules to add at the end, in order
 * @param prepended new rules to put at the top, in order
 * @param handlesAfter the chain's handles afterwards, {@link NftTransaction#UNKNOWN} for the rules written
 */
record RuleEditPlan(ImmutableList<Long> deleted, ImmutableList<String> appended, ImmutableList<String> prepended,
        List<Long> handlesAfter) {

    /**
     * The cheaper side's plan, or empty when a handle it needs is unknown or it would write as many rules as a
     * rewrite of the whole chain.
     *
     * @param old the handles of the edit's old rules, in order
     */
    static Optional<RuleEditPlan> of(List<Long> old, DeltaOp.EditRules e) {
        int n = old.size();
        List<String> next = e.after().rules();
        int m = next.size();
        List<DeltaOp.RuleHunk> inserting = e.hunks().stream().filter(h -> !h.inserted().isEmpty()).toList();
        if (inserting.isEmpty()) {
            return side(old, e, n, n, m, m, false);
        }
        int s = inserting.get(0).at();
        int suffixStart = s == n && n > 0 ? n - 1 : s;
        DeltaOp.RuleHunk last = inserting.get(inserting.size() - 1);
        int end = last.at() + last.deleted();
        int prefixEnd = end == 0 && n > 0 ? 1 : end;
        int suffixFrom = newIndex(e, suffixStart);
        int prefixTo = newIndex(e, prefixEnd);
        Optional<RuleEditPlan> suffix = side(old, e, suffixStart, n, suffixFrom, m, false);
        Optional<RuleEditPlan> prefix = side(old, e, 0, prefixEnd, 0, prefixTo, true);
        Optional<RuleEditPlan> best = suffix.isEmpty() ? prefix : prefix.isEmpty() ? suffix
                : written(prefix.get()) < written(suffix.get()) ? prefix : suffix;
        return best.filter(p -> written(p) < m);
    }

    private static int written(RuleEditPlan p) {
        return p.appended().size() + p.prepended().size();
    }

    /** The new index of old index {@code i} when no hunk straddles it: i plus what the hunks before it changed. */
    private static int newIndex(DeltaOp.EditRules e, int i) {
        int out = i;
        for (DeltaOp.RuleHunk h : e.hunks()) {
            if (h.at() < i) {
                out += h.inserted().size() - h.deleted();
            }
        }
        return out;
    }

    /**
     * Old rules {@code [from, to)} rewritten as new rules {@code [newFrom, newTo)} (at the top when {@code top}, else
     * at the end), every other deleted rule by handle.
     */
    private static Optional<RuleEditPlan> side(List<Long> old, DeltaOp.EditRules e, int from, int to, int newFrom,
            int newTo, boolean top) {
        List<Long> deleted = new ArrayList<>();
        boolean[] gone = new boolean[old.size()];
        for (DeltaOp.RuleHunk h : e.hunks()) {
            for (int i = h.at(); i < h.at() + h.deleted(); i++) {
                gone[i] = true;
            }
        }
        List<Long> after = new ArrayList<>(e.after().rules().size());
        if (top) {
            for (int i = newFrom; i < newTo; i++) {
                after.add(NftTransaction.UNKNOWN);
            }
        }
        for (int i = 0; i < old.size(); i++) {
            boolean rewritten = i >= from && i < to;
            if (rewritten || gone[i]) {
                if (old.get(i) < 0) {
                    return Optional.empty();
                }
                deleted.add(old.get(i));
            } else {
                after.add(old.get(i));
            }
        }
        if (!top) {
            for (int i = newFrom; i < newTo; i++) {
                after.add(NftTransaction.UNKNOWN);
            }
        }
        ImmutableList<String> written = ImmutableList.copyOf(e.after().rules().subList(newFrom, newTo));
        // The rules the plan leaves must be the edit's new rules (they are for RuleDiff's hunks; a hand-made edit
        // whose hunks touch each other could split differently): else no plan, and the chain is rewritten.
        List<String> result = new ArrayList<>(e.after().rules().size());
        if (top) {
            result.addAll(written);
        }
        for (int i = 0; i < old.size(); i++) {
            if (!(i >= from && i < to) && !gone[i]) {
                result.add(e.before().rules().get(i));
            }
        }
        if (!top) {
            result.addAll(written);
        }
        if (!result.equals(e.after().rules())) {
            return Optional.empty();
        }
        return Optional.of(top ? new RuleEditPlan(ImmutableList.copyOf(deleted), ImmutableList.of(), written, after)
                : new RuleEditPlan(ImmutableList.copyOf(deleted), written, ImmutableList.of(), after));
    }
}
