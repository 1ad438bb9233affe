package io.hostwall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLimits;
import io.hostwall.model.manifest.ManifestLoader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input from a hostile user (issue 11): limits act while reading, before a parser builds anything large; every
 * problem is located and in plain words, short whatever the input's size, with nothing of the parsers' internals.
 * The timeouts only keep a regression from hanging the build; the assertions are on the problems.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
    private static final String TIER_HEAD = "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ";

    @TempDir
    Path dir;

    /** {@code prefix}, then {@code n} bytes of {@code fill} (generated as read: nothing of that size in memory). */
    static InputStream generated(String prefix, long n, byte fill, String suffix) {
        InputStream body = new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? fill : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, fill);
                left -= k;
                return k;
            }
        };
        return new SequenceInputStream(new SequenceInputStream(bytes(prefix), body), bytes(suffix));
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> problems(String source, InputStream in) {
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.loadStream(source, in));
        List<String> printed = e.problems().stream().map(Problem::toString).toList();
        for (String p : printed) {
            assertTrue(p.length() < 400, "a problem line stays short: " + p.length() + " characters");
            for (String internal : List.of("StreamReadConstraints", "JsonReadFeature", "Source:", "REDACTED",
                    "VALUE_EMBEDDED_OBJECT", "org.yaml", "com.fasterxml", "java.", "Exception", "`")) {
                assertFalse(p.contains(internal), "parser internals in: " + p);
            }
        }
        return printed;
    }

    static List<String> problems(String source, String text) {
        return problems(source, bytes(text));
    }

    @Test
    void aFiftyMebibyteScalarIsRefusedAtTheWordLimit() {
        assertEquals(List.of("big.yaml:1: more than 262144 characters without a space or line break; no value"
                        + " hostwall reads is that long"),
                problems("big.yaml", generated("", 50L << 20, (byte) 'a', "")));
    }

    @Test
    void aFiftyMebibyteScalarWithSpacesIsRefusedAtTheDocumentLimit() {
        InputStream words = generated("", 50L << 20, (byte) ' ', "");
        // "a a a ...": the spaces keep words short, so the document limit is what stops it.
        InputStream spaced = new java.io.FilterInputStream(words) {
            long at;

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                for (int i = off; i < off + Math.max(n, 0); i++) {
                    if ((at++ & 1) == 0) {
                        b[i] = 'a';
                    }
                }
                return n;
            }
        };
        assertEquals(List.of("big.yaml:1: the document is larger than 3 MiB (reading stopped here); split it into"
                + " several documents"), problems("big.yaml", spaced));
    }

    @Test
    void aFourMebibyteNameIsRefusedWhileReading() {
        assertEquals(List.of("n.yaml:4: more than 262144 characters without a space or line break; no value"
                        + " hostwall reads is that long"),
                problems("n.yaml", generated(TIER_HEAD, 4L << 20, (byte) 'a', "\n")));
        assertEquals(List.of("n.json:1: the document is larger than 3 MiB (reading stopped here); split it into"
                        + " several documents"),
                problems("n.json", generated("{\"apiVersion\": \"projectcalico.org/v3\", \"kind\": \"Tier\","
                        + " \"metadata\": {\"name\": \"", 4L << 20, (byte) 'a', "\"}}")));
    }

    @Test
    void aLongNameIsCutInEveryProblem() {
        String name = "a".repeat(1 << 20);
        List<String> printed = problems("n.json", "{\"apiVersion\": \"projectcalico.org/v3\", \"kind\": \"Tier\","
                + " \"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {\"" + name + "\": 1}}");
        String cut = "\"" + "a".repeat(64) + "\u2026\" (1048576 characters)";
        assertEquals(List.of(
                "n.json:1: Tier " + cut + ": metadata.name: Tier name is 1048576 characters long; the maximum is 63",
                "n.json:1: Tier " + cut + ": spec." + "a".repeat(64) + "\u2026 (1048576 characters): unknown field "
                        + cut), printed);
    }

    @Test
    void aFileOverTheFileLimitIsRefusedUnread() throws Exception {
        Path big = dir.resolve("big.yaml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ManifestLimits.MAX_FILE_BYTES + 1); // sparse: nothing is written
        }
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(big));
        assertEquals(List.of(big + ": the file is 67108865 bytes; the limit is 64 MiB per file"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.yaml", "t.json"})
    void nestingIsCappedWithAPlainMessage(String source) {
        assertEquals(List.of(source + ":1: the document is nested more than 64 levels deep"),
                problems(source, "[".repeat(65) + "]".repeat(65)));
        assertEquals(List.of(source + ":1: the document is nested more than 64 levels deep"),
                problems(source, "[".repeat(100_000)));
        // At the limit, the document is read (and refused for what it is).
        assertEquals(List.of(source + ":1: expected a mapping (a resource with apiVersion, kind, metadata and spec),"
                + " got a list"), problems(source, "[".repeat(64) + "]".repeat(64)));
    }

    @Test
    void jsonNumbersAreCapped() {
        assertEquals(List.of("t.json:1: a number longer than 100 characters"),
                problems("t.json", "{\"a\": " + "1".repeat(101) + "}"));
    }

    @Test
    void nanInJsonIsAPlainSyntaxError() {
        assertEquals(List.of("t.json:1: JSON syntax error: NaN and Infinity are not JSON numbers"),
                problems("t.json", "{\"apiVersion\": NaN}"));
    }

    @Test
    void anUnclosedJsonObjectNamesWhereItStarted() {
        assertEquals(List.of("t.json:1: JSON syntax error: Unexpected end-of-input: expected close marker for Object"
                + " (start marker at line 1, column 1)"), problems("t.json", "{\"a\": 1"));
    }

    @Test
    void binaryValuesAreRefusedNamingTheResourceAndField() {
        assertEquals(List.of("t.yaml:6: Tier \"t\": spec.order: binary values (!!binary) are not supported; write"
                + " the value as a string"), problems("t.yaml", TIER_HEAD + "t\nspec:\n  order: !!binary aGVsbG8=\n"));
    }

    @Test
    void aComplexKeyIsAPlainSyntaxError() {
        assertEquals(List.of("t.yaml:1: YAML syntax error: a key must be a single value, not a list or mapping"),
                problems("t.yaml", "? [a, b]\n: c\n"));
    }

    @Test
    void aLongUnrecognizedJsonTokenIsCut() {
        // Found by fuzzing: Jackson quotes the whole token, and escaping the NULs made the line six times longer.
        String token = "doNjdoN" + "\u0000".repeat(300) + "kindck";
        List<String> printed = problems("t.json", token);
        assertEquals(1, printed.size());
        assertTrue(printed.get(0).startsWith("t.json:1: JSON syntax error: Unrecognized token 'doNjdoN\\u0000"),
                printed.get(0));
        assertTrue(printed.get(0).matches(".*\u2026 \\(\\d+ characters\\)': was expecting .*"), printed.get(0));
    }

    @Test
    void aBadUnicodeEscapeIsAPlainSyntaxError() {
        // Found by fuzzing: the message named java.lang.NumberFormatException.
        assertEquals(List.of("t.yaml:1: YAML syntax error: an escape sequence (\\x, \\u, \\U) needs hexadecimal"
                + " digits"), problems("t.yaml", "\"&00\\u"));
    }

    @Test
    void aStreamIsReadButNotClosed() throws Exception {
        boolean[] closed = {false};
        InputStream in = new java.io.FilterInputStream(bytes(TIER_HEAD + "t\n")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertEquals(1, ManifestLoader.loadStream("s.yaml", in).tiers().size());
        assertFalse(closed[0], "the caller's stream is the caller's to close");
        InputStream json = new java.io.FilterInputStream(bytes("{\"apiVersion\": \"projectcalico.org/v3\","
                + " \"kind\": \"Tier\", \"metadata\": {\"name\": \"t\"}}")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertEquals(1, ManifestLoader.loadStream("s.json", json).tiers().size());
        assertFalse(closed[0], "the caller's stream is the caller's to close");
    }

    @Test
    void invalidUtf8LateInAStreamIsStillAProblem() {
        InputStream in = new SequenceInputStream(generated(TIER_HEAD + "t\n# ", 100_000, (byte) 'x', "\n"),
                new ByteArrayInputStream(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}));
        assertEquals(List.of("s.yaml: not valid UTF-8"), problems("s.yaml", in));
    }
}
