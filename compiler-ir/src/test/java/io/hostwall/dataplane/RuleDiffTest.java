package io.hostwall.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class RuleDiffTest {

    @Example
    void equalListsNeedNoHunk() {
        assertEquals(Optional.of(List.of()), RuleDiff.hunks(List.of("a", "b"), List.of("a", "b"), 0));
    }

    @Example
    void oneInsertInALongChainIsOneHunk() {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            before.add("rule " + i);
        }
        List<String> after = new ArrayList<>(before);
        after.add(1234, "new");
        after.add(1235, "new return");
        assertEquals(Optional.of(List.of(new DeltaOp.RuleHunk(1234, 0, ImmutableList.of("new", "new return")))),
                RuleDiff.hunks(before, after, 10));
        assertEquals(Optional.of(List.of(new DeltaOp.RuleHunk(1234, 2, ImmutableList.of()))),
                RuleDiff.hunks(after, before, 10));
    }

    @Example
    void aReplacedRuleIsOneHunk() {
        assertEquals(Optional.of(List.of(new DeltaOp.RuleHunk(1, 1, ImmutableList.of("x")))),
                RuleDiff.hunks(List.of("a", "b", "c"), List.of("a", "x", "c"), 2));
    }

    @Example
    void tooManyEditsGiveNoScript() {
        assertEquals(Optional.empty(), RuleDiff.hunks(List.of("a", "b", "c"), List.of("x", "y", "z"), 5));
        assertEquals(Optional.empty(), RuleDiff.hunks(List.of(), List.of("x", "y"), 1));
        assertTrue(RuleDiff.hunks(List.of("a", "b", "c"), List.of("x", "y", "z"), 6).isPresent());
    }

    /** The script takes before to after, is as short as any (n + m - 2 LCS), and its hunks are apart. */
    @Property(tries = 1000)
    void scriptIsCorrectAndShortest(@ForAll long seed) {
        Random r = new Random(seed);
        List<String> before = random(r);
        List<String> after = r.nextBoolean() ? random(r) : mutate(before, r);
        ImmutableList<DeltaOp.RuleHunk> hunks = RuleDiff.hunks(before, after, Integer.MAX_VALUE / 4).orElseThrow();
        assertEquals(after, RuleDiff.apply(before, hunks));
        int edits = hunks.stream().mapToInt(h -> h.deleted() + h.inserted().size()).sum();
        assertEquals(before.size() + after.size() - 2 * lcs(before, after), edits);
        for (int i = 1; i < hunks.size(); i++) {
            assertTrue(hunks.get(i - 1).at() + hunks.get(i - 1).deleted() < hunks.get(i).at(), "hunks apart");
        }
        assertEquals(RuleDiff.hunks(before, after, edits), Optional.of(hunks), "the limit is inclusive");
        if (edits > 0) {
            assertEquals(Optional.empty(), RuleDiff.hunks(before, after, edits - 1));
        }
    }

    private static List<String> random(Random r) {
        List<String> out = new ArrayList<>();
        int n = r.nextInt(15);
        for (int i = 0; i < n; i++) {
            out.add("r" + r.nextInt(5));
        }
        return out;
    }

    private static List<String> mutate(List<String> before, Random r) {
        List<String> out = new ArrayList<>(before);
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (!out.isEmpty() && r.nextBoolean()) {
                out.remove(r.nextInt(out.size()));
            } else {
                out.add(r.nextInt(out.size() + 1), "n" + r.nextInt(3));
            }
        }
        return out;
    }

    private static int lcs(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                t[i][j] = a.get(i).equals(b.get(j)) ? 1 + t[i + 1][j + 1] : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        return t[0][0];
    }
}
