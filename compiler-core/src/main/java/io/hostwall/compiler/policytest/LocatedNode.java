package io.hostwall.compiler.policytest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.common.collect.ImmutableList;
import io.hostwall.model.Names;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML or JSON document as a tree that remembers the line of every value and key. Read from Jackson's token stream
 * because Jackson's own tree forgets where each value was, and a problem without a line sends the user hunting.
 */
sealed interface LocatedNode {

    /** The 1-based line the value starts on. */
    int line();

    /** For messages: what the user wrote, e.g. {@code a list} or {@code "tcp"}. */
    String describe();

    /** A mapping; keys in document order, each with the line of the key. */
    record Mapping(int line, Map<String, Entry> entries) implements LocatedNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One key of a mapping and its value. */
    record Entry(String key, int line, LocatedNode value) {}

    /** A list. */
    record Sequence(int line, ImmutableList<LocatedNode> items) implements LocatedNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code text} is as written, {@code kind} what Jackson made of it. */
    record Scalar(int line, Kind kind, String text) implements LocatedNode {
        @Override
        public String describe() {
            return kind == Kind.NULL ? "null" : kind == Kind.STRING ? Names.quote(text) : text;
        }
    }

    /** What a scalar is. */
    enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, NULL }

    /** A syntax error: the parser cannot go on. */
    record SyntaxError(int line, String message) {}

    /**
     * Parses one document.
     *
     * @param text the text
     * @param json true for JSON, false for YAML
     * @param duplicates receives "line: key" problems for keys given twice in one mapping (the later one is dropped)
     * @return the tree (empty for an empty document), or the syntax error
     */
    static Result parse(String text, boolean json, List<SyntaxError> duplicates) {
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Result(Optional.empty(), Optional.empty());
            }
            LocatedNode root = read(p, t, duplicates);
            if (p.nextToken() != null) {
                return new Result(Optional.empty(), Optional.of(new SyntaxError(line(p),
                        "expected one document; found more after it")));
            }
            return new Result(Optional.of(root), Optional.empty());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            // SnakeYAML quotes the offending lines with a caret under them, indented: keep only the prose.
            String message = String.join(": ", e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
            return new Result(Optional.empty(), Optional.of(new SyntaxError(
                    at == null ? 1 : Math.max(1, at.getLineNr()), message.isEmpty() ? "syntax error" : message)));
        } catch (IOException e) {
            return new Result(Optional.empty(), Optional.of(new SyntaxError(1, String.valueOf(e.getMessage()))));
        }
    }

    /** The tree, or the syntax error that stopped the parser; neither for an empty document. */
    record Result(Optional<LocatedNode> root, Optional<SyntaxError> error) {}

    private static LocatedNode read(JsonParser p, JsonToken t, List<SyntaxError> duplicates) throws IOException {
        int line = line(p);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    LocatedNode value = read(p, p.nextToken(), duplicates);
                    if (entries.containsKey(key)) {
                        duplicates.add(new SyntaxError(keyLine, "key " + Names.quote(key) + " is given twice"));
                    } else {
                        entries.put(key, new Entry(key, keyLine, value));
                    }
                }
                return new Mapping(line, entries);
            }
            case START_ARRAY -> {
                List<LocatedNode> items = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, next, duplicates));
                }
                return new Sequence(line, ImmutableList.copyOf(items));
            }
            case VALUE_STRING -> {
                return new Scalar(line, Kind.STRING, p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return new Scalar(line, Kind.INTEGER, p.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(line, Kind.NUMBER, p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(line, Kind.BOOLEAN, p.getText());
            }
            case VALUE_NULL -> {
                return new Scalar(line, Kind.NULL, "null");
            }
            default -> throw new JsonProcessingException("unexpected " + t, p.currentLocation()) {
                private static final long serialVersionUID = 1L;
            };
        }
    }

    private static int line(JsonParser p) {
        JsonLocation at = p.currentTokenLocation();
        return at == null ? 1 : Math.max(1, at.getLineNr());
    }
}
