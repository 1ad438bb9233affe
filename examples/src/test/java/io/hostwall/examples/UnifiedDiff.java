package io.hostwall.examples;

import java.util.ArrayList;
import java.util.List;

/** A small line diff (LCS) in unified format, so a golden mismatch reads like a review. */
final class UnifiedDiff {
    private UnifiedDiff() {}

    static String of(String expectedName, String expected, String actualName, String actual) {
        List<String> a = List.of(expected.split("\n", -1));
        List<String> b = List.of(actual.split("\n", -1));
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                lines.add(" " + a.get(i));
                i++;
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add("+" + b.get(j++));
            } else {
                lines.add("-" + a.get(i++));
            }
        }
        StringBuilder out = new StringBuilder("--- " + expectedName + "\n+++ " + actualName + "\n");
        // Print changed lines with up to 3 lines of context.
        int last = -10;
        for (int k = 0; k < lines.size(); k++) {
            boolean near = false;
            for (int d = -3; d <= 3 && !near; d++) {
                int x = k + d;
                near = x >= 0 && x < lines.size() && !lines.get(x).startsWith(" ");
            }
            if (near) {
                if (k > last + 1) {
                    out.append("@@ line ").append(k + 1).append(" @@\n");
                }
                out.append(lines.get(k)).append('\n');
                last = k;
            }
        }
        return out.toString();
    }
}
