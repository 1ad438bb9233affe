package io.hostwall.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The public API: construction, equality, the AST's shape, evaluation, immutability. */
class SelectorTest {
    private static final String ALL_UID = "s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug";

    @Test
    void emptyBlankAndAllAreTheSameSelector() {
        assertEquals(Selector.all(), Selector.parse(""));
        assertEquals(Selector.all(), Selector.parse(" \t "));
        assertEquals(Selector.all(), Selector.parse("all()"));
        assertEquals("all()", Selector.all().toString());
        assertEquals(ALL_UID, Selector.parse("").uniqueId());
        assertEquals(new All(), Selector.parse("").ast());
        assertTrue(Selector.all().matches(Map.of()));
    }

    @Test
    void noMatchMatchesNothing() {
        assertEquals("!all()", Selector.noMatch().toString());
        assertEquals(Selector.parse("!all()"), Selector.noMatch());
        assertFalse(Selector.noMatch().matches(Map.of()));
        assertFalse(Selector.noMatch().matches(Map.of("a", "b")));
    }

    @Test
    void equalityIsByCanonicalForm() {
        Selector a = Selector.parse("a=='b'&&c   in {'y','x','y'}");
        Selector b = Selector.parse("a == \"b\" && c in {\"x\", \"y\"}");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.uniqueId(), b.uniqueId());
        assertNotEquals(Selector.parse("all()"), Selector.parse("global()"));
        assertNotEquals(Selector.parse("(a == 'b' && c == 'd') && e == 'f'"),
                Selector.parse("a == 'b' && c == 'd' && e == 'f'"));
    }

    @Test
    void uniqueIdIsCalicos() {
        assertEquals("s:Iss0uCleLYv1GSv_pNm7hAO58kE9jAx1NKyG3Q", Selector.parse("! (has( b)||! has(a ))").uniqueId());
        assertEquals("s:lh3haoY1ikTRkd4UZu0nWSaIBknYLPJLX16d-w", Selector.parse("!(a == \"b\" && !c != \"d\")").uniqueId());
    }

    @Test
    void setValuesSortByUtf8BytesNotUtf16Units() {
        // U+FFFF is EF BF BF in UTF-8 and sorts before U+1F600 (F0 9F 98 80); in UTF-16 the
        // emoji's surrogate D83D sorts first. Calico (Go) uses bytes.
        assertTrue("😀".compareTo("\uFFFF") < 0);
        assertEquals("a in {\"\uFFFF\", \"😀\"}", Selector.parse("a in {'😀', '\uFFFF'}").toString());
        assertEquals("a in {'\"', \"'\", \"B\", \"a\"}", Selector.parse("a in {'a', \"'\", 'B', '\"', 'a'}").toString());
    }

    @Test
    void astKeepsParenthesesAndFoldsOnlyAdjacentNots() {
        Equals a = new Equals("a", "x");
        Equals b = new Equals("b", "y");
        Equals c = new Equals("c", "z");
        assertEquals(And.of(And.of(a, b), c), Selector.parse("(a == 'x' && b == 'y') && c == 'z'").ast());
        assertEquals(And.of(a, b, c), Selector.parse("a == 'x' && b == 'y' && c == 'z'").ast());
        assertEquals(Or.of(a, And.of(b, c)), Selector.parse("a == 'x' || b == 'y' && c == 'z'").ast());
        assertEquals(new Not(a), Selector.parse("!a == 'x'").ast());
        assertEquals(new Has("a"), Selector.parse("!!has(a)").ast());
        assertEquals(new Not(new Has("a")), Selector.parse("!! ! has(a)").ast());
        assertEquals(new Not(new Not(new Has("a"))), Selector.parse("!(!has(a))").ast());
        assertEquals("!!has(a)", Selector.parse("!(!has(a))").toString());
        assertEquals("has(a)", Selector.parse("!!has(a)").toString());
        assertEquals(new StartsWith("a", "x"), Selector.parse("a startswith 'x'").ast());
        assertEquals(NotIn.of("a", "x"), Selector.parse("a notin {'x',}").ast());
        assertEquals(new In("in", com.google.common.collect.ImmutableSet.of()), Selector.parse("in in {}").ast());
        assertEquals(new Contains("contains", "contains"), Selector.parse("contains contains \"contains\"").ast());
    }

    @Test
    void builtTreesPrintAndParseLikeParsedOnes() {
        Expr tree = Or.of(new Not(And.of(new Has("a"), NotIn.of("b", "y", "x"))), new Global());
        assertEquals("(!(has(a) && b not in {\"x\", \"y\"}) || global())", Selector.of(tree).toString());
        assertEquals(tree, Selector.parse(Selector.of(tree).toString()).ast());
        assertEquals(tree.toString(), Selector.of(tree).toString());
    }

    @Test
    void recordsRejectWhatCouldNotBePrinted() {
        assertThrows(IllegalArgumentException.class, () -> new Equals("a b", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Has(""));
        assertThrows(IllegalArgumentException.class, () -> new Has("x".repeat(513)));
        assertThrows(IllegalArgumentException.class, () -> new Has("é"));
        assertThrows(IllegalArgumentException.class, () -> new NotEquals("a", "it's \"x\""));
        assertThrows(IllegalArgumentException.class, () -> In.of("a", "'\""));
        assertThrows(IllegalArgumentException.class, () -> And.of(new All()));
        assertThrows(IllegalArgumentException.class, () -> Or.of(List.of()));
        assertThrows(NullPointerException.class, () -> new Equals(null, "x"));
        assertThrows(NullPointerException.class, () -> new Equals("a", null));
        assertThrows(NullPointerException.class, () -> new Not(null));
        assertThrows(NullPointerException.class, () -> Selector.of(null));
        new Has("x".repeat(512)); // the longest legal label
    }

    @Test
    void everythingIsImmutable() throws Exception {
        And and = (And) Selector.parse("a in {'x'} && b == 'y'").ast();
        List<Expr> operands = and.operands(); // seen as a plain List, as most callers will
        assertThrows(UnsupportedOperationException.class, () -> operands.add(new All()));
        java.util.Set<String> values = ((In) operands.get(0)).values();
        assertThrows(UnsupportedOperationException.class, () -> values.add("z"));

        List<String> source = new ArrayList<>(List.of("b", "a"));
        In built = In.of("k", source);
        source.add("c");
        assertEquals(List.of("a", "b"), built.values().asList());

        assertTrue(Modifier.isFinal(Selector.class.getModifiers()));
        for (Field f : Selector.class.getDeclaredFields()) {
            assertTrue(Modifier.isFinal(f.getModifiers()), f.getName());
        }
    }

    @Test
    void evaluationFollowsCalicosTable() {
        Map<String, String> empty = Map.of();
        assertTrue(Selector.parse("k != 'x'").matches(empty));
        assertTrue(Selector.parse("k not in {'x'}").matches(empty));
        assertTrue(Selector.parse("!k contains 'x'").matches(empty));
        assertFalse(Selector.parse("k contains ''").matches(empty));
        assertTrue(Selector.parse("k contains ''").matches(Map.of("k", "")));
        assertTrue(Selector.parse("has(k)").matches(Map.of("k", "")));
        assertFalse(Selector.parse("k in {}").matches(Map.of("k", "")));
        assertTrue(Selector.parse("k not in {}").matches(Map.of("k", "")));
        assertTrue(Selector.parse("global()").matches(empty));
        assertFalse(Selector.parse("a in {'x', 'y'}").matches(Map.of("a", "x, y")));
    }

    @Test
    void aKeyMappedToNullCountsAsAbsent() {
        Map<String, String> labels = new HashMap<>();
        labels.put("k", null);
        assertFalse(Selector.parse("has(k)").matches(labels));
        assertTrue(Selector.parse("k != 'x'").matches(labels));
        assertThrows(NullPointerException.class, () -> Selector.all().matches(null));
    }

    @Test
    void matchingAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Selector s = Selector.parse("(a == 'x' && b in {'1', '2', '3'} && !has(c)) || d starts with 'p' || e not in {'q'}");
        Map<String, String> labels = new HashMap<>(Map.of("a", "x", "b", "3", "d", "pq", "e", "r"));
        boolean sink = false;
        for (int i = 0; i < 20_000; i++) {
            sink ^= s.matches(labels);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            sink ^= s.matches(labels);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // Even 8 bytes per call would be 800 KB; allow only measurement noise.
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes (" + sink + ")");
    }

    @Test
    void parsingIsThreadSafe() throws Exception {
        List<String> selectors = new ArrayList<>();
        ConformanceVectors.list("canonical").forEach(v -> selectors.add(v.path("selector").asText()));
        List<String> expected = selectors.stream().map(s -> Selector.parse(s).toString()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> selectors.stream().map(s -> Selector.parse(s).toString()).toList()));
            }
            for (Future<List<String>> r : results) {
                assertEquals(expected, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
