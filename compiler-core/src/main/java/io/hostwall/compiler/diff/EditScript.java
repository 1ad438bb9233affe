package io.hostwall.compiler.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A shortest edit script between two lists (Myers' O((N+M)·D) algorithm), as a list of operations in order. Common
 * prefix and suffix are stripped first: a policy change touches a few rules of chains that may hold thousands, and
 * the stripped ends cost nothing. The trace keeps only the diagonals each round can reach, so memory is O(D²).
 */
final class EditScript {
    private EditScript() {}

    /** One operation: keep old[oldIndex] = new[newIndex], delete old[oldIndex] or insert new[newIndex]. */
    enum Kind { KEEP, DELETE, INSERT }

    /** An operation; {@code oldIndex}/{@code newIndex} are -1 where the operation has no such side. */
    record Op(Kind kind, int oldIndex, int newIndex) {}

    static <A, B> List<Op> of(List<A> a, List<B> b, BiPredicate<A, B> same) {
        int n = a.size();
        int m = b.size();
        int start = 0;
        while (start < n && start < m && same.test(a.get(start), b.get(start))) {
            start++;
        }
        int endA = n;
        int endB = m;
        while (endA > start && endB > start && same.test(a.get(endA - 1), b.get(endB - 1))) {
            endA--;
            endB--;
        }
        List<Op> ops = new ArrayList<>(n + m);
        for (int i = 0; i < start; i++) {
            ops.add(new Op(Kind.KEEP, i, i));
        }
        ops.addAll(middle(a, b, same, start, endA, start, endB));
        for (int i = endA, j = endB; i < n; i++, j++) {
            ops.add(new Op(Kind.KEEP, i, j));
        }
        return ops;
    }

    private static <A, B> List<Op> middle(List<A> a, List<B> b, BiPredicate<A, B> same, int a0, int a1, int b0,
            int b1) {
        int n = a1 - a0;
        int m = b1 - b0;
        if (n == 0 || m == 0) {
            List<Op> ops = new ArrayList<>();
            for (int i = a0; i < a1; i++) {
                ops.add(new Op(Kind.DELETE, i, -1));
            }
            for (int j = b0; j < b1; j++) {
                ops.add(new Op(Kind.INSERT, -1, j));
            }
            return ops;
        }
        int max = n + m;
        // trace.get(d)[k + d] = furthest x on diagonal k after round d.
        List<int[]> trace = new ArrayList<>();
        int[] prev = new int[] {0};
        int dFound = -1;
        for (int d = 0; d <= max && dFound < 0; d++) {
            int[] v = new int[2 * d + 1];
            for (int k = -d; k <= d; k += 2) {
                int x;
                if (k == -d || (k != d && get(prev, d - 1, k - 1) < get(prev, d - 1, k + 1))) {
                    x = d == 0 ? 0 : get(prev, d - 1, k + 1); // down: an insert
                } else {
                    x = get(prev, d - 1, k - 1) + 1; // right: a delete
                }
                int y = x - k;
                while (x < n && y < m && same.test(a.get(a0 + x), b.get(b0 + y))) {
                    x++;
                    y++;
                }
                v[k + d] = x;
                if (x >= n && y >= m) {
                    dFound = d;
                }
            }
            trace.add(v);
            prev = v;
        }
        List<Op> ops = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = dFound; d > 0; d--) {
            int[] p = trace.get(d - 1);
            int k = x - y;
            int prevK = (k == -d || (k != d && get(p, d - 1, k - 1) < get(p, d - 1, k + 1))) ? k + 1 : k - 1;
            int prevX = get(p, d - 1, prevK);
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
                ops.add(new Op(Kind.KEEP, a0 + x, b0 + y));
            }
            if (x == prevX) {
                y--;
                ops.add(new Op(Kind.INSERT, -1, b0 + y));
            } else {
                x--;
                ops.add(new Op(Kind.DELETE, a0 + x, -1));
            }
        }
        while (x > 0 && y > 0) {
            x--;
            y--;
            ops.add(new Op(Kind.KEEP, a0 + x, b0 + y));
        }
        Collections.reverse(ops);
        return ops;
    }

    /** v of round d at diagonal k; diagonals outside -d..d are unreachable (never read by a correct run). */
    private static int get(int[] v, int d, int k) {
        return v[k + d];
    }
}
