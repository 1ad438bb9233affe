package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small JSON writer: every string nft could be given comes out as one valid, pure-ASCII JSON string. */
class JsonTest {
    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\"", Json.write("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\b\\f\\u0000\\u001f\"", Json.write("\n\r\t\b\f\u0000\u001f"));
        assertEquals("\"\\u007f\"", Json.write("\u007f"));
        assertEquals("\"/ ok ~\"", Json.write("/ ok ~"));
    }

    @Test
    void writesNonAsciiAsEscapesIncludingSurrogatePairs() {
        assertEquals("\"\\u00e9\\u2028\\ud83d\\ude00\"", Json.write("é\u2028😀"));
    }

    @Test
    void writesObjectsInInsertionOrderListsNumbersAndNull() {
        assertEquals("{\"z\": 1, \"a\": [4294967295, true, null], \"m\": {}}",
                Json.write(Json.object("z", 1, "a", List.of(4294967295L, true, Json.NULL), "m", Json.object())));
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(1.5));
        assertThrows(IllegalArgumentException.class, () -> Json.object("k"));
        assertThrows(IllegalArgumentException.class, () -> Json.object("k", 1, "k", 2));
        assertThrows(IllegalArgumentException.class, () -> Json.write(java.util.Arrays.asList((Object) null)));
    }
}
