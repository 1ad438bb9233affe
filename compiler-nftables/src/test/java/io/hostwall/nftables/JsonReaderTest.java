package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict JSON reader: every kind of value, the escapes that trip hand-written readers, and located errors. */
class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() {
        Object v = JsonReader.read(" {\"a\": [1, -2, 0, 1.5e3, 9223372036854775808, true, false, null, \"x\"],\n"
                + "\t\"b\": {}, \"c\": []}\r\n");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()), "document order");
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2L, a.get(1));
        assertEquals(0L, a.get(2));
        assertEquals(new BigDecimal("1.5e3"), a.get(3));
        assertEquals(new BigDecimal("9223372036854775808"), a.get(4), "too large for a long: exact");
        assertEquals(true, a.get(5));
        assertEquals(false, a.get(6));
        assertSame(Json.NULL, a.get(7));
        assertEquals("x", a.get(8));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
    }

    @Test
    void decodesEscapesAndSurrogatePairs() {
        assertEquals("q\" b\\ s/ \b\f\n\r\t é \uD83D\uDE00 {:,}",
                JsonReader.read("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 {:,}\""));
        assertEquals("日本", JsonReader.read("\"日本\""), "unescaped non-ASCII is kept");
    }

    @Test
    void whatTheJsonWriterWritesReadsBack() {
        Map<String, Object> doc = Json.object("s", "a\"\\\n\u0001\u00ff", "n", -5L, "l", List.of(true, Json.NULL),
                "o", Json.object());
        Object back = JsonReader.read(Json.write(doc));
        assertEquals(Json.write(doc), Json.write(back));
    }

    @Test
    void refusesWhatIsNotStrictJsonWithItsPlace() {
        assertError("", "line 1, column 1: unexpected end of input");
        assertError("{\"a\": 1,}", "line 1, column 9: expected a string key");
        assertError("[1, 2,]", "line 1, column 7: unexpected character ']'");
        assertError("{\"a\": 1, \"a\": 2}", "line 1, column 10: duplicate key \"a\"");
        assertError("[01]", "line 1, column 3: leading zero");
        assertError("[1.]", "expected a digit after '.'");
        assertError("[-]", "expected a digit");
        assertError("[1e]", "expected a digit in the exponent");
        assertError("\"a\nb\"", "line 1, column 3: unescaped control character U+000A");
        assertError("\"\\x\"", "bad escape \\'x'");
        assertError("\"\\u12g4\"", "bad hex digit 'g'");
        assertError("\"\\ud83d\"", "followed by a low surrogate");
        assertError("\"\\ude00\"", "a low surrogate escape without a high one");
        assertError("\"abc", "unexpected end of input, expected a closing '\"'");
        assertError("{}\n {}", "line 2, column 2: unexpected text after the JSON value");
        assertError("// c\n{}", "unexpected character '/'");
        assertError("{'a': 1}", "expected a string key");
        assertError("[tru]", "unexpected character 't'");
        assertError("[1 2]", "expected ',' or ']' but found '2'");
        assertError("{\"a\" 1}", "expected ':' but found '1'");
        assertError("NaN", "unexpected character 'N'");
    }

    @Test
    void refusesDeepNestingInsteadOfOverflowingTheStack() {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        JsonReader.read(ok);
        assertError("[".repeat(100_000), "nested deeper than " + JsonReader.MAX_DEPTH);
    }

    private static void assertError(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read(json), json);
        assertTrue(e.getMessage().startsWith("bad JSON at "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), json + " -> " + e.getMessage());
    }
}
