package io.hostwall.compiler.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertEquals("", UnifiedDiff.of("a", "b", "x\ny\n", "x\ny\n"));
    }

    @Test
    void oneChangedLineWithContextAsDiffUPrintsIt() {
        String old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String neu = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        // The same as GNU diff -u prints for these files (headers aside).
        assertEquals("""
                --- old/x
                +++ new/x
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                """, UnifiedDiff.of("old/x", "new/x", old, neu));
    }

    @Test
    void farApartChangesMakeTwoHunksAndNearOnesOne() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            a.append(i).append('\n');
        }
        String old = a.toString();
        String two = old.replace("\n2\n", "\ntwo\n").replace("\n18\n", "\neighteen\n");
        assertEquals("""
                --- a
                +++ b
                @@ -1,5 +1,5 @@
                 1
                -2
                +two
                 3
                 4
                 5
                @@ -15,6 +15,6 @@
                 15
                 16
                 17
                -18
                +eighteen
                 19
                 20
                """, UnifiedDiff.of("a", "b", old, two));
        String near = old.replace("\n5\n", "\nfive\n").replace("\n11\n", "\neleven\n");
        assertEquals(1, UnifiedDiff.of("a", "b", old, near).lines().filter(l -> l.startsWith("@@")).count());
    }

    @Test
    void insertionIntoAnEmptyTextAndMissingFinalNewline() {
        assertEquals("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.of("a", "b", "", "x\ny\n"));
        assertEquals("--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n",
                UnifiedDiff.of("a", "b", "x", "x\n"));
    }

    @Test
    void negativeContextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UnifiedDiff.of("a", "b", "x", "y", -1));
    }

    /** Applying the hunks to the old text gives the new text, for random edits of random texts. */
    @Test
    void applyingTheDiffGivesTheNewText() {
        Random random = new Random(12);
        for (int round = 0; round < 500; round++) {
            List<String> a = randomLines(random);
            List<String> b = new ArrayList<>(a);
            int edits = random.nextInt(6);
            for (int e = 0; e < edits; e++) {
                int op = random.nextInt(3);
                if (op == 0 || b.isEmpty()) {
                    b.add(random.nextInt(b.size() + 1), "n" + random.nextInt(5));
                } else if (op == 1) {
                    b.remove(random.nextInt(b.size()));
                } else {
                    b.set(random.nextInt(b.size()), "c" + random.nextInt(5));
                }
            }
            String old = text(a);
            String neu = text(b);
            String diff = UnifiedDiff.of("a", "b", old, neu, random.nextInt(4));
            assertEquals(neu, apply(old, diff), "old:\n" + old + "new:\n" + neu + "diff:\n" + diff);
        }
    }

    private static List<String> randomLines(Random random) {
        List<String> out = new ArrayList<>();
        int n = random.nextInt(15);
        for (int i = 0; i < n; i++) {
            out.add("l" + random.nextInt(6));
        }
        return out;
    }

    private static String text(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** A minimal patch: checks every context and removed line against the old text. */
    private static String apply(String oldText, String diff) {
        List<String> old = UnifiedDiff.lines(oldText);
        List<String> out = new ArrayList<>();
        int at = 0;
        for (String line : UnifiedDiff.lines(diff)) {
            if (line.startsWith("---") || line.startsWith("+++")) {
                continue;
            }
            if (line.startsWith("@@")) {
                String range = line.split(" ")[1].substring(1);
                int start = Integer.parseInt(range.split(",")[0]);
                int count = range.contains(",") ? Integer.parseInt(range.split(",")[1]) : 1;
                int first = count == 0 ? start : start - 1;
                while (at < first) {
                    out.add(old.get(at++));
                }
                continue;
            }
            char mark = line.charAt(0);
            String body = line.substring(1);
            if (mark == ' ' || mark == '-') {
                assertEquals(old.get(at), body, "context/removed line " + at);
                at++;
                if (mark == ' ') {
                    out.add(body);
                }
            } else if (mark == '+') {
                out.add(body);
            }
        }
        while (at < old.size()) {
            out.add(old.get(at++));
        }
        return text(out);
    }
}
