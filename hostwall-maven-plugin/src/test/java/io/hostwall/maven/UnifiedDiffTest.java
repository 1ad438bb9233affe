package io.hostwall.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    private static String numbered(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.toString();
    }

    @Test
    void oneChangedLineGetsThreeLinesOfContextAndAHunkHeader() {
        String old = numbered(1, 10);
        String now = old.replace("line 5\n", "line five\n");
        assertEquals("""
                --- a/f
                +++ b/f
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8
                """, UnifiedDiff.of("a/f", old, "b/f", now));
    }

    @Test
    void insertionsAndDeletionsCountOnTheirSideOnly() {
        assertEquals("""
                --- a
                +++ b
                @@ -1,2 +1,3 @@
                 line 1
                +new
                 line 2
                """, UnifiedDiff.of("a", numbered(1, 2), "b", "line 1\nnew\nline 2\n"));
        assertEquals("""
                --- a
                +++ b
                @@ -1,3 +1,2 @@
                 line 1
                -line 2
                 line 3
                """, UnifiedDiff.of("a", numbered(1, 3), "b", "line 1\nline 3\n"));
        assertEquals("""
                --- a
                +++ b
                @@ -0,0 +1,1 @@
                +x
                """, UnifiedDiff.of("a", "", "b", "x\n"));
    }

    @Test
    void farApartChangesMakeTwoHunksNearOnesOne() {
        String old = numbered(1, 30);
        String two = old.replace("line 3\n", "THREE\n").replace("line 25\n", "TWENTY-FIVE\n");
        String diff = UnifiedDiff.of("a", old, "b", two);
        assertEquals(2, diff.lines().filter(l -> l.startsWith("@@")).count(), diff);
        assertEquals("@@ -1,6 +1,6 @@", diff.lines().toList().get(2));
        assertEquals("@@ -22,7 +22,7 @@", diff.lines().filter(l -> l.startsWith("@@")).toList().get(1));
        String near = old.replace("line 10\n", "TEN\n").replace("line 15\n", "FIFTEEN\n");
        assertEquals(1, UnifiedDiff.of("a", old, "b", near).lines().filter(l -> l.startsWith("@@")).count());
    }

    @Test
    void equalTextsHaveNoHunk() {
        assertEquals("--- a\n+++ b\n", UnifiedDiff.of("a", numbered(1, 5), "b", numbered(1, 5)));
    }
}
