package io.hostwall.model.yaml;

import io.hostwall.model.Names;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML (multi-document) or JSON text into {@link ManifestNode} trees that keep line numbers. Syntax errors,
 * duplicate keys and YAML aliases become problems; nothing Jackson or SnakeYAML throws escapes.
 *
 * <p>YAML is read the YAML 1.2 way: only {@code true}/{@code false} are booleans ({@code on}, {@code yes} stay
 * strings) and an empty value is null. Scalars keep their source text, so the validators decide what {@code 80} or
 * {@code "80"} means for the field they are reading.
 */
public final class ManifestReader {
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final JsonFactory JSON = new JsonFactory();

    public enum Format {
        YAML,
        JSON;

        /** JSON for names ending in {@code .json}; YAML (a superset) for everything else. */
        public static Format forSource(String sourceName) {
            return sourceName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        }
    }

    private final ProblemReport report;
    private final boolean yaml;
    private int lastLine = 1;

    private ManifestReader(ProblemReport report, boolean yaml) {
        this.report = report;
        this.yaml = yaml;
    }

    /** The non-empty documents of {@code text}, in order; problems go to {@code report}. */
    public static ImmutableList<ManifestNode> read(String text, Format format, ProblemReport report) {
        return new ManifestReader(report, format == Format.YAML).readAll(text);
    }

    private ImmutableList<ManifestNode> readAll(String text) {
        ImmutableList.Builder<ManifestNode> documents = ImmutableList.builder();
        try (JsonParser parser = (yaml ? YAML : JSON).createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                ManifestNode document = value(parser, token, FieldPath.ROOT);
                // An empty document ("---" with nothing after it, or only comments) is no resource.
                if (!ManifestNode.isNull(document)) {
                    documents.add(document);
                }
            }
        } catch (JsonProcessingException e) {
            syntaxError(e);
        } catch (IOException | RuntimeException e) {
            report.add(lastLine, FieldPath.ROOT, (yaml ? "YAML" : "JSON") + " could not be read: "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()));
        } catch (StackOverflowError e) {
            report.add(lastLine, FieldPath.ROOT, "the document is nested too deeply");
        }
        return documents.build();
    }

    private ManifestNode value(JsonParser parser, JsonToken token, FieldPath path) throws IOException {
        int line = lineOf(parser);
        if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
            // Jackson hands an alias over as the anchor's name, which would silently become the value.
            report.add(line, path, "YAML aliases are not supported (*" + parser.getText() + "); write the value out");
            return ManifestNode.Scalar.nullAt(line);
        }
        return switch (token) {
            case START_OBJECT -> mapping(parser, path, line);
            case START_ARRAY -> sequence(parser, path, line);
            case VALUE_STRING -> scalar(ManifestNode.ScalarType.STRING, parser, line);
            case VALUE_NUMBER_INT -> scalar(ManifestNode.ScalarType.INTEGER, parser, line);
            case VALUE_NUMBER_FLOAT -> scalar(ManifestNode.ScalarType.FLOAT, parser, line);
            case VALUE_TRUE, VALUE_FALSE -> scalar(ManifestNode.ScalarType.BOOLEAN, parser, line);
            case VALUE_NULL -> new ManifestNode.Scalar(line, ManifestNode.ScalarType.NULL, "", yaml);
            default -> {
                report.add(line, path, "unexpected " + token + " in the document");
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

    private ManifestNode mapping(JsonParser parser, FieldPath path, int line) throws IOException {
        Map<String, ManifestNode.Entry> entries = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = lineOf(parser);
            FieldPath keyPath = path.field(key);
            ManifestNode value = atLine(value(parser, parser.nextToken(), keyPath), keyLine);
            ManifestNode.Entry first = entries.get(key);
            if (first != null) {
                report.add(keyLine, keyPath,
                        "duplicate key " + Names.quote(key) + " (first at line " + first.line() + ")");
            } else {
                entries.put(key, new ManifestNode.Entry(key, keyLine, value));
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected " + token + " in a mapping");
        }
        return new ManifestNode.Mapping(line, ImmutableMap.copyOf(entries));
    }

    private ManifestNode sequence(JsonParser parser, FieldPath path, int line) throws IOException {
        ImmutableList.Builder<ManifestNode> items = ImmutableList.builder();
        JsonToken token;
        int index = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new IllegalStateException("the list is not closed");
            }
            items.add(value(parser, token, path.index(index++)));
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

    private void syntaxError(JsonProcessingException e) {
        // SnakeYAML's own exception says what it expected, with a 0-based mark; Jackson's wraps it with context lines.
        Optional<MarkedYAMLException> marked = causeOfType(e, MarkedYAMLException.class);
        String kind = yaml ? "YAML" : "JSON";
        if (marked.isPresent()) {
            MarkedYAMLException m = marked.get();
            int line = m.getProblemMark() != null ? m.getProblemMark().getLine() + 1 : lastLine;
            String context = m.getContext() == null ? "" : m.getContext() + ": ";
            report.add(line, FieldPath.ROOT, kind + " syntax error: " + context + m.getProblem());
            return;
        }
        JsonLocation location = e.getLocation();
        int line = location != null && location.getLineNr() >= 1 ? location.getLineNr() : lastLine;
        report.add(line, FieldPath.ROOT, kind + " syntax error: " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
