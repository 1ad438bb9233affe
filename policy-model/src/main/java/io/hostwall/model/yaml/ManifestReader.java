package io.hostwall.model.yaml;

import io.hostwall.model.Names;
import io.hostwall.model.manifest.ManifestLimits;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML (multi-document) or JSON text into {@link ManifestNode} trees that keep line numbers, one document at
 * a time. Syntax errors, duplicate keys, YAML aliases, unsupported tags and the limits of {@link ManifestLimits}
 * become problems in plain words; nothing Jackson or SnakeYAML throws escapes, and none of their internals (class
 * names, feature flags, {@code Source: REDACTED}) reach a message.
 *
 * <p>YAML is read the YAML 1.2 way: only {@code true}/{@code false} are booleans ({@code on}, {@code yes} stay
 * strings) and an empty value is null. Scalars keep their source text, so the validators decide what {@code 80} or
 * {@code "80"} means for the field they are reading.
 */
public final class ManifestReader {
    /** The parsers' own limits, behind {@link LimitedReader}'s: they only act if those are somehow bypassed. */
    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(ManifestLimits.MAX_NESTING)
            .maxNumberLength(ManifestLimits.MAX_NUMBER_CHARS)
            .maxStringLength(ManifestLimits.MAX_DOCUMENT_BYTES)
            .maxNameLength(ManifestLimits.MAX_DOCUMENT_BYTES)
            .build();
    private static final YAMLFactory YAML = new PlainScalarYamlFactory(YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .loaderOptions(loaderOptions())
            .streamReadConstraints(CONSTRAINTS)
            // The loader closes what it opened; a caller's stream stays open.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE));
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(CONSTRAINTS)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
    /** A quoted piece of input longer than a message shows. */
    private static final Pattern QUOTED = Pattern.compile("'([^']{" + (Names.SHOWN + 1) + ",})'");
    /** Distinct keys shared per source; beyond that (generated label keys), keys are kept as read. */
    private static final int MAX_CANONICAL_KEYS = 4096;
    /** Keys up to which a mapping is searched for duplicates without an index. */
    private static final int SMALL_MAPPING = 8;
    /** The longest parser message kept (before control characters are escaped). */
    private static final int MAX_MESSAGE = 300;
    /** Jackson's location suffix, e.g. {@code [Source: REDACTED (...); line: 1, column: 2]}. */
    private static final Pattern JACKSON_LOCATION = Pattern.compile(
            "\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    /** The two formats; JSON is read by Jackson's JSON parser (YAML's would accept more than JSON). */
    public enum Format {
        /** YAML 1.2, several documents. */
        YAML,
        /** JSON. */
        JSON;

        /**
         * The format of a source by its name.
         *
         * @param sourceName a file name or the name a text was given
         * @return JSON for names ending in {@code .json}; YAML (a superset) for everything else
         */
        public static Format forSource(String sourceName) {
            return sourceName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        }
    }

    /**
     * A problem found while reading a document, reported once the document is known, so that it can name the
     * resource.
     *
     * @param line the 1-based line
     * @param field the path from the document's root
     * @param message what is wrong
     */
    public record Pending(int line, FieldPath field, String message) {}

    /**
     * One non-empty document.
     *
     * @param root the document's tree
     * @param problems what the reader found inside it (duplicate keys, aliases, unsupported tags)
     */
    public record Document(ManifestNode root, ImmutableList<Pending> problems) {}

    /** Stops reading a source after a problem that makes the rest of it meaningless. */
    static final class StopReading extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopReading() {
            super(null, null, false, false);
        }
    }

    /** Where the reader's results go, in the order it finds them. */
    interface Output {
        /**
         * A problem of the source.
         *
         * @param line the 1-based line, or 0 for the whole source
         * @param field the path from the document's root
         * @param message what is wrong
         */
        void problem(int line, FieldPath field, String message);

        /**
         * A complete non-empty document.
         *
         * @param document the document
         * @param lastLine the line of the last token read, where a problem raised while handling it is reported
         */
        void document(Document document, int lastLine);
    }

    private final Output out;
    private final String source;
    private final boolean yaml;
    private final LimitedReader input;
    private final LoadBudget budget;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, String> keys = new HashMap<>();
    private int lastLine = 1;

    ManifestReader(Output out, String source, boolean yaml, LimitedReader input, LoadBudget budget) {
        this.out = out;
        this.source = source;
        this.yaml = yaml;
        this.input = input;
        this.budget = budget;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // Backstops: LimitedReader refuses a document over MAX_DOCUMENT_BYTES first; aliases are refused as problems.
        options.setCodePointLimit(ManifestLimits.MAX_DOCUMENT_BYTES + (64 << 10));
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(ManifestLimits.MAX_NESTING);
        return options;
    }

    /**
     * The non-empty documents of {@code text}, in order; problems go to {@code report}, those inside a document
     * with the document.
     *
     * @param text the whole text
     * @param format how to read it
     * @param report where problems of the source go
     * @return the documents
     */
    public static ImmutableList<Document> read(String text, Format format, ProblemReport report) {
        ImmutableList.Builder<Document> documents = ImmutableList.builder();
        read(new StringReader(text), format, report, new LoadBudget(), ManifestLimits.MAX_FILE_BYTES,
                documents::add);
        return documents.build();
    }

    /**
     * Reads {@code in} to its end (or to the first problem that makes the rest unreadable), handing each non-empty
     * document to {@code sink} as soon as it is read: only one document's tree is held at a time. Does not close
     * {@code in}.
     *
     * @param in the text; read through a {@link LimitedReader}
     * @param format how to read it
     * @param report where problems of the source go
     * @param budget what the load has used of the limits across sources
     * @param maxSourceBytes the byte limit of this source
     * @param sink receives each document
     */
    public static void read(Reader in, Format format, ProblemReport report, LoadBudget budget, long maxSourceBytes,
            Consumer<Document> sink) {
        boolean yaml = format == Format.YAML;
        LimitedReader limited = new LimitedReader(in, yaml, budget, maxSourceBytes);
        ReadAhead.read(out -> new ManifestReader(out, report.source(), yaml, limited, budget), report, sink,
                (failure, document) -> handlingFailed(failure, document, report, yaml));
    }

    /**
     * What reading reports when handling a document failed with {@code failure}: what happened when the handler ran
     * on the reader's own thread, where the failure stopped the reader after that document (its problems reported
     * again without the resource, then the failure as a read error at the document's last line).
     */
    private static void handlingFailed(RuntimeException failure, ReadAhead.Handed document, ProblemReport report,
            boolean yaml) {
        ManifestReader reader = new ManifestReader(new Output() {
            @Override
            public void problem(int line, FieldPath field, String message) {
                report.add(line, field, message);
            }

            @Override
            public void document(Document ignored, int lastLine) {
                throw new IllegalStateException("no document is read here");
            }
        }, report.source(), yaml, null, null);
        reader.lastLine = document.lastLine();
        reader.pending.addAll(document.document().problems());
        reader.flushPending();
        reader.readError(failure);
    }

    void readAll() {
        try (JsonParser parser = yaml ? YAML.createParser(input) : JSON.createParser(input)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                ManifestNode document = value(parser, token, FieldPath.ROOT, 0);
                input.documentEnded();
                // An empty document ("---" with nothing after it, or only comments) is no resource.
                if (!ManifestNode.isNull(document)) {
                    if (!budget.document()) {
                        out.problem(document.line(), FieldPath.ROOT, "more than " + budget.maxDocuments()
                                + " documents in one load");
                        throw new StopReading();
                    }
                    out.document(new Document(document, ImmutableList.copyOf(pending)), lastLine);
                }
                pending.clear();
            }
        } catch (StopReading e) {
            flushPending();
        } catch (JsonProcessingException e) {
            flushPending();
            readError(e);
        } catch (IOException | RuntimeException e) {
            flushPending();
            readError(e);
        }
    }

    /** Problems of a document that was not completed are reported without a resource. */
    private void flushPending() {
        for (Pending p : pending) {
            out.problem(p.line(), p.field(), p.message());
        }
        pending.clear();
    }

    private ManifestNode value(JsonParser parser, JsonToken token, FieldPath path, int depth) throws IOException {
        int line = lineOf(parser);
        if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
            // Jackson hands an alias over as the anchor's name, which would silently become the value.
            pending.add(new Pending(line, path, "YAML aliases are not supported (*" + Names.cut(parser.getText())
                    + "); write the value out"));
            return ManifestNode.Scalar.nullAt(line);
        }
        if (depth >= ManifestLimits.MAX_NESTING) {
            out.problem(line, path, "the document is nested more than " + ManifestLimits.MAX_NESTING
                    + " levels deep");
            throw new StopReading();
        }
        return switch (token) {
            case START_OBJECT -> mapping(parser, path, line, depth);
            case START_ARRAY -> sequence(parser, path, line, depth);
            case VALUE_STRING -> scalar(ManifestNode.ScalarType.STRING, parser, line);
            case VALUE_NUMBER_INT -> scalar(ManifestNode.ScalarType.INTEGER, parser, line);
            case VALUE_NUMBER_FLOAT -> scalar(ManifestNode.ScalarType.FLOAT, parser, line);
            case VALUE_TRUE, VALUE_FALSE -> scalar(ManifestNode.ScalarType.BOOLEAN, parser, line);
            case VALUE_NULL -> new ManifestNode.Scalar(line, ManifestNode.ScalarType.NULL, "", yaml);
            case VALUE_EMBEDDED_OBJECT -> {
                // The only embedded value YAML gives is !!binary (Jackson decodes it to bytes).
                pending.add(new Pending(line, path, "binary values (!!binary) are not supported; write the value as"
                        + " a string"));
                yield ManifestNode.Scalar.nullAt(line);
            }
            default -> {
                pending.add(new Pending(line, path, "unexpected " + token.asString() + " in the document"));
                yield ManifestNode.Scalar.nullAt(line);
            }
        };
    }

    /**
     * A block mapping or list under a key starts on the key's line as far as a reader is concerned: a field missing
     * from {@code spec} is reported at {@code spec:}, not at whichever field happens to come first.
     */
    private static ManifestNode atLine(ManifestNode value, int keyLine) {
        if (value instanceof ManifestNode.Mapping m && m.line() > keyLine) {
            return new ManifestNode.Mapping(keyLine, m.entries());
        }
        if (value instanceof ManifestNode.Sequence s && s.line() > keyLine) {
            return new ManifestNode.Sequence(keyLine, s.items());
        }
        return value;
    }

    private ManifestNode.Scalar scalar(ManifestNode.ScalarType type, JsonParser parser, int line) throws IOException {
        return new ManifestNode.Scalar(line, type, parser.getText(), yaml);
    }

    private ManifestNode mapping(JsonParser parser, FieldPath path, int line, int depth) throws IOException {
        // Most mappings have a handful of keys: a list searched for duplicates, then one immutable map, costs less
        // than a LinkedHashMap copied into one (issue 10); larger mappings get an index.
        List<ManifestNode.Entry> entries = new ArrayList<>();
        Map<String, ManifestNode.Entry> index = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = canonicalKey(parser.currentName());
            int keyLine = lineOf(parser);
            FieldPath keyPath = path.field(key);
            ManifestNode value = atLine(value(parser, parser.nextToken(), keyPath, depth + 1), keyLine);
            ManifestNode.Entry first = index != null ? index.get(key) : find(entries, key);
            if (first != null) {
                pending.add(new Pending(keyLine, keyPath,
                        "duplicate key " + Names.quote(key) + " (first at line " + first.line() + ")"));
            } else {
                ManifestNode.Entry entry = new ManifestNode.Entry(key, keyLine, value);
                entries.add(entry);
                if (index != null) {
                    index.put(key, entry);
                } else if (entries.size() > SMALL_MAPPING) {
                    index = new HashMap<>();
                    for (ManifestNode.Entry e : entries) {
                        index.put(e.key(), e);
                    }
                }
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected " + token + " in a mapping");
        }
        ImmutableMap.Builder<String, ManifestNode.Entry> map = ImmutableMap.builderWithExpectedSize(entries.size());
        for (ManifestNode.Entry e : entries) {
            map.put(e.key(), e);
        }
        return new ManifestNode.Mapping(line, map.buildOrThrow());
    }

    /**
     * One string per distinct key of the source: the same few dozen field names and label keys recur in every
     * document, and a shared string keeps its hash, so the validators' lookups on the caller's thread do not hash
     * (or even touch) a fresh copy of each key; the model's label keys share it too.
     */
    private String canonicalKey(String key) {
        String known = keys.get(key);
        if (known != null) {
            return known;
        }
        if (keys.size() < MAX_CANONICAL_KEYS) {
            keys.put(key, key);
        }
        return key;
    }

    private static ManifestNode.Entry find(List<ManifestNode.Entry> entries, String key) {
        for (int i = 0; i < entries.size(); i++) {
            ManifestNode.Entry e = entries.get(i);
            if (e.key().equals(key)) {
                return e;
            }
        }
        return null;
    }

    private ManifestNode sequence(JsonParser parser, FieldPath path, int line, int depth) throws IOException {
        ImmutableList.Builder<ManifestNode> items = ImmutableList.builder();
        JsonToken token;
        int index = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new IllegalStateException("the list is not closed");
            }
            items.add(value(parser, token, path.index(index++), depth + 1));
        }
        return new ManifestNode.Sequence(line, items.build());
    }

    private int lineOf(JsonParser parser) {
        int line = parser.currentTokenLocation().getLineNr();
        if (line >= 1) {
            lastLine = line;
        }
        return lastLine;
    }

    /** One problem, in plain words, for whatever stopped the parser. */
    private void readError(Exception e) {
        String kind = yaml ? "YAML" : "JSON";
        Optional<LimitedReader.LimitExceededException> limit = causeOfType(e, LimitedReader.LimitExceededException.class);
        if (limit.isPresent()) {
            out.problem(limit.get().line(), FieldPath.ROOT, limit.get().getMessage());
            return;
        }
        if (causeOfType(e, CharacterCodingException.class).isPresent()) {
            // As a problem of the whole file: the decoder reads ahead, so the line would be a guess.
            out.problem(0, FieldPath.ROOT, source + ": not valid UTF-8");
            return;
        }
        Optional<StreamConstraintsException> constraint = causeOfType(e, StreamConstraintsException.class);
        if (constraint.isPresent()) {
            out.problem(lastLine, FieldPath.ROOT, constraintMessage(constraint.get()));
            return;
        }
        // SnakeYAML's own exception says what it expected, with a 0-based mark; Jackson's wraps it with context lines.
        Optional<MarkedYAMLException> marked = causeOfType(e, MarkedYAMLException.class);
        if (marked.isPresent()) {
            MarkedYAMLException m = marked.get();
            int line = m.getProblemMark() != null ? m.getProblemMark().getLine() + 1 : lastLine;
            String context = m.getContext() == null ? "" : m.getContext() + ": ";
            out.problem(line, FieldPath.ROOT, kind + " syntax error: " + plain(context + m.getProblem()));
            return;
        }
        if (e instanceof IOException && !(e instanceof JsonProcessingException)) {
            out.problem(input.line(), FieldPath.ROOT, "cannot read: " + plain(firstLine(e.getMessage())));
            return;
        }
        int line = lastLine;
        String message;
        if (e instanceof JsonProcessingException j) {
            JsonLocation location = j.getLocation();
            line = location != null && location.getLineNr() >= 1 ? location.getLineNr() : lastLine;
            message = j.getOriginalMessage();
        } else {
            message = e.getMessage();
        }
        String text = plain(firstLine(message));
        if (text.contains("exceeds the limit") && text.contains("code points")) {
            // SnakeYAML's document limit, behind LimitedReader's.
            text = "the document is larger than " + ManifestLimits.bytes(ManifestLimits.MAX_DOCUMENT_BYTES);
            out.problem(line, FieldPath.ROOT, text);
            return;
        }
        out.problem(line, FieldPath.ROOT, kind + " syntax error: " + text);
    }

    private static String constraintMessage(StreamConstraintsException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("nesting depth")) {
            return "the document is nested more than " + ManifestLimits.MAX_NESTING + " levels deep";
        }
        if (m.contains("Number value length")) {
            return "a number longer than " + ManifestLimits.MAX_NUMBER_CHARS + " characters";
        }
        if (m.contains("Name length")) {
            return "a key longer than the " + ManifestLimits.bytes(ManifestLimits.MAX_DOCUMENT_BYTES) + " limit";
        }
        return "a value larger than the " + ManifestLimits.bytes(ManifestLimits.MAX_DOCUMENT_BYTES)
                + " document limit";
    }

    /**
     * A parser's message without the parser's internals: Jackson's location suffixes become a plain line and
     * column, hints to enable Jackson features go, SnakeYAML's event classes become what they stand for.
     */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "malformed input";
        }
        if (message.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
            return "NaN and Infinity are not JSON numbers";
        }
        String m = JACKSON_LOCATION.matcher(message).replaceAll("line $1, column $2");
        m = m.replaceAll(": enable `[^`]*` to allow", "");
        if (m.contains("Expected a field name") && m.contains("snakeyaml.events")) {
            return "a key must be a single value, not a list or mapping";
        }
        m = m.replaceAll(", problem: .*", "");
        if (m.contains("under radix 16")) {
            // SnakeYAML reports a bad escape through Java's NumberFormatException.
            return "an escape sequence (\\x, \\u, \\U) needs hexadecimal digits";
        }
        m = m.replaceAll(" ?\\((?:java|javax|org|com)\\.[\\w.$]+\\)", "");
        if (m.contains("`") || m.contains("org.yaml") || m.contains("com.fasterxml") || m.contains("Source:")
                || m.contains("java.")) {
            return "malformed input";
        }
        // Parsers quote the input they stumbled on (Jackson: a whole unrecognized token); cut it like any value, once
        // escaped, so that control characters cannot make it longer.
        m = QUOTED.matcher(Names.printable(m)).replaceAll(r -> Matcher.quoteReplacement(
                "'" + r.group(1).substring(0, Names.SHOWN) + "\u2026 (" + r.group(1).length() + " characters)'"));
        return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "\u2026";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable e, Class<T> type) {
        int hops = 0;
        for (Throwable t = e; t != null && hops++ < 20; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
