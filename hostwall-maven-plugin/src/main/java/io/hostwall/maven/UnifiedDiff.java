package io.hostwall.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff in unified format ({@code ---}/{@code +++} headers, {@code @@ -a,b +c,d @@} hunks with three lines of
 * context), so that a stale golden file reads in the build log as it will in review.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;
    /** Beyond this many differing lines on each side the middle is shown as replaced whole (LCS is quadratic). */
    private static final int MAX_LCS = 4000;

    private UnifiedDiff() {}

    private record Line(char op, String text, int oldNo, int newNo) {}

    static String of(String oldName, String oldText, String newName, String newText) {
        List<String> a = lines(oldText);
        List<String> b = lines(newText);
        List<Line> script = script(a, b);
        StringBuilder out = new StringBuilder("--- ").append(oldName).append("\n+++ ").append(newName).append('\n');
        int i = 0;
        while (i < script.size()) {
            if (script.get(i).op() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            // Extend the hunk while the next change is within two contexts' reach.
            int lastChange = i;
            for (int k = i; k < script.size() && k <= lastChange + 2 * CONTEXT; k++) {
                if (script.get(k).op() != ' ') {
                    lastChange = k;
                }
            }
            int end = Math.min(script.size(), lastChange + CONTEXT + 1);
            hunk(out, script.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Line> lines) {
        int oldStart = 0;
        int newStart = 0;
        int oldCount = 0;
        int newCount = 0;
        for (Line l : lines) {
            if (l.op() != '+') {
                oldStart = oldStart == 0 ? l.oldNo() : oldStart;
                oldCount++;
            }
            if (l.op() != '-') {
                newStart = newStart == 0 ? l.newNo() : newStart;
                newCount++;
            }
        }
        if (oldCount == 0) {
            oldStart = lines.get(0).oldNo() - 1;
        }
        if (newCount == 0) {
            newStart = lines.get(0).newNo() - 1;
        }
        out.append("@@ -").append(oldStart).append(',').append(oldCount).append(" +").append(newStart).append(',')
                .append(newCount).append(" @@\n");
        for (Line l : lines) {
            out.append(l.op()).append(l.text()).append('\n');
        }
    }

    /** The edit script; each line carries its 1-based number in the old and the new text (as of where it stands). */
    private static List<Line> script(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> am = a.subList(prefix, a.size() - suffix);
        List<String> bm = b.subList(prefix, b.size() - suffix);
        List<Character> ops = new ArrayList<>();
        if (am.size() > MAX_LCS || bm.size() > MAX_LCS) {
            am.forEach(x -> ops.add('-'));
            bm.forEach(x -> ops.add('+'));
        } else {
            int[][] lcs = new int[am.size() + 1][bm.size() + 1];
            for (int i = am.size() - 1; i >= 0; i--) {
                for (int j = bm.size() - 1; j >= 0; j--) {
                    lcs[i][j] = am.get(i).equals(bm.get(j)) ? lcs[i + 1][j + 1] + 1
                            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < am.size() || j < bm.size()) {
                if (i < am.size() && j < bm.size() && am.get(i).equals(bm.get(j))) {
                    ops.add(' ');
                    i++;
                    j++;
                } else if (i < am.size() && (j == bm.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                    ops.add('-');
                    i++;
                } else {
                    ops.add('+');
                    j++;
                }
            }
        }
        List<Line> out = new ArrayList<>();
        int oi = 0;
        int ni = 0;
        for (int k = 0; k < prefix; k++) {
            out.add(new Line(' ', a.get(oi), ++oi, ++ni));
        }
        for (char op : ops) {
            switch (op) {
                case ' ' -> out.add(new Line(' ', a.get(oi), ++oi, ++ni));
                case '-' -> out.add(new Line('-', a.get(oi), ++oi, ni + 1));
                default -> out.add(new Line('+', b.get(ni), oi + 1, ++ni));
            }
        }
        for (int k = 0; k < suffix; k++) {
            out.add(new Line(' ', a.get(oi), ++oi, ++ni));
        }
        return out;
    }

    /** Lines without their breaks; a final line break ends the last line rather than starting an empty one. */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
