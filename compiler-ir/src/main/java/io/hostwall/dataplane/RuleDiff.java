package io.hostwall.dataplane;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shortest edit script between two rule lists (Myers' O(ND) difference algorithm, "An O(ND) Difference Algorithm
 * and Its Variations", 1986), as {@link DeltaOp.RuleHunk}s. The common head and tail are cut off first, so a
 * one-policy change in a chain of thousands of rules costs the length of the changed middle, not of the chain.
 *
 * <p>Deterministic: on a tie the algorithm prefers deleting before inserting, so equal inputs give equal scripts.
 * Hunks are maximal: two hunks are always separated by at least one kept rule, so the old rule right after a hunk
 * ({@code at + deleted}), when there is one, survives the edit and can serve as an insert position.
 */
public final class RuleDiff {
    private RuleDiff() {}

    /**
     * The hunks that turn {@code before} into {@code after}, if they edit at most {@code maxEdits} rules (deleted
     * plus inserted).
     *
     * @param before the old rules
     * @param after the new rules
     * @param maxEdits the most edited rules worth an edit script
     * @return the hunks in ascending order of {@code at} (empty for equal lists), or empty when the shortest script
     *     edits more than {@code maxEdits} rules
     */
    public static Optional<ImmutableList<DeltaOp.RuleHunk>> hunks(List<String> before, List<String> after,
            int maxEdits) {
        int head = 0;
        int n = before.size();
        int m = after.size();
        while (head < n && head < m && before.get(head).equals(after.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < n - head && tail < m - head && before.get(n - 1 - tail).equals(after.get(m - 1 - tail))) {
            tail++;
        }
        List<String> a = before.subList(head, n - tail);
        List<String> b = after.subList(head, m - tail);
        if (a.size() + b.size() > maxEdits && (a.isEmpty() || b.isEmpty())) {
            return Optional.empty();
        }
        Optional<boolean[][]> kept = middle(a, b, maxEdits);
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(collect(head, a, b, kept.get()[0], kept.get()[1]));
    }

    /**
     * Myers' forward search over the middle. Returns which rules of {@code a} and of {@code b} are kept (on the
     * common subsequence), or empty beyond {@code maxEdits}. Memory is O(D²): one frontier per edit distance.
     */
    private static Optional<boolean[][]> middle(List<String> a, List<String> b, int maxEdits) {
        int n = a.size();
        int m = b.size();
        int max = Math.min(n + m, maxEdits);
        List<int[]> frontiers = new ArrayList<>();
        // v[k + offset] = furthest x on diagonal k (y = x - k) after d edits.
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++) {
            for (int k = -d; k <= d; k += 2) {
                int x;
                if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
                    x = v[offset + k + 1]; // down: insert b[y - 1]
                } else {
                    x = v[offset + k - 1] + 1; // right: delete a[x - 1]
                }
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
            int[] snapshot = new int[2 * d + 1];
            for (int k = -d; k <= d; k++) {
                snapshot[k + d] = v[offset + k];
            }
            frontiers.add(snapshot);
        }
        if (found < 0) {
            return Optional.empty();
        }
        boolean[] keptA = new boolean[n];
        boolean[] keptB = new boolean[m];
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] prev = frontiers.get(d - 1);
            int k = x - y;
            boolean down = k == -d || (k != d && at(prev, d - 1, k - 1) < at(prev, d - 1, k + 1));
            int prevK = down ? k + 1 : k - 1;
            int prevX = at(prev, d - 1, prevK);
            int prevY = prevX - prevK;
            int startX = down ? prevX : prevX + 1;
            int startY = startX - k;
            while (x > startX && y > startY) {
                keptA[--x] = true;
                keptB[--y] = true;
            }
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0) {
            keptA[--x] = true;
            keptB[--y] = true;
        }
        return Optional.of(new boolean[][] {keptA, keptB});
    }

    private static int at(int[] frontier, int d, int k) {
        return frontier[k + d];
    }

    /** Walks both kept-maps in step and cuts the edits between kept rules into hunks. */
    private static ImmutableList<DeltaOp.RuleHunk> collect(int head, List<String> a, List<String> b, boolean[] keptA,
            boolean[] keptB) {
        ImmutableList.Builder<DeltaOp.RuleHunk> out = ImmutableList.builder();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && keptA[i] && keptB[j]) {
                i++;
                j++;
                continue;
            }
            int at = i;
            while (i < a.size() && !keptA[i]) {
                i++;
            }
            int from = j;
            while (j < b.size() && !keptB[j]) {
                j++;
            }
            out.add(new DeltaOp.RuleHunk(head + at, i - at, ImmutableList.copyOf(b.subList(from, j))));
        }
        return out.build();
    }

    /**
     * {@code before} with {@code hunks} applied: what the chain holds after an {@link DeltaOp.EditRules}.
     *
     * @param before the old rules
     * @param hunks hunks in ascending order of {@code at}, within {@code before}
     * @return the new rules
     * @throws IllegalArgumentException if a hunk lies outside {@code before} or overlaps the one before it
     */
    public static List<String> apply(List<String> before, List<DeltaOp.RuleHunk> hunks) {
        List<String> out = new ArrayList<>(before.size());
        int i = 0;
        for (DeltaOp.RuleHunk h : hunks) {
            if (h.at() < i || h.at() + h.deleted() > before.size()) {
                throw new IllegalArgumentException("hunk " + h + " lies outside the " + before.size()
                        + " rules or overlaps the hunk before it");
            }
            out.addAll(before.subList(i, h.at()));
            out.addAll(h.inserted());
            i = h.at() + h.deleted();
        }
        out.addAll(before.subList(i, before.size()));
        return out;
    }
}
