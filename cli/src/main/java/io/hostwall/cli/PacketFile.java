package io.hostwall.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.diff.PacketProbe;
import io.hostwall.model.Names;
import io.hostwall.model.Problem;
import io.hostwall.model.SourceLocation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a packet file ({@code diff --packets FILE}): a YAML (or, for a {@code .json} name, JSON) list of packets,
 * each a map of {@code explain}'s packet flags without their dashes, plus an optional {@code name} and {@code node}:
 *
 * <pre>
 * - name: ssh from the internet
 *   node: node1            # only on node1; without it, every node diffed
 *   in: eth0
 *   src: 203.0.113.7
 *   dst: 10.240.0.11
 *   proto: tcp
 *   dport: 22
 * - {name: dns reply, out: eth0, src: 10.240.0.11, dst: 10.0.0.2, proto: udp, sport: 53, established: true}
 * </pre>
 *
 * Every problem is reported with the file's line and the packet's index ({@code [2].dport}), all at once. Read with
 * Jackson's token stream, as the host facts file is, because a tree forgets lines.
 */
final class PacketFile {
    private static final Set<String> STRINGS = Set.of("name", "node", "in", "out", "src", "dst", "proto", "dnat");
    private static final Set<String> NUMBERS = Set.of("sport", "dport", "icmp-type", "icmp-code");
    private static final Set<String> BOOLEANS = Set.of("established", "invalid");
    private static final String KEYS = "name, node, in, out, src, dst, proto, sport, dport, icmp-type, icmp-code, dnat,"
            + " established, invalid";

    private final String source;
    private final JsonParser parser;
    private final List<Problem> problems;

    private PacketFile(String source, JsonParser parser, List<Problem> problems) {
        this.source = source;
        this.parser = parser;
        this.problems = problems;
    }

    /**
     * The packets in {@code file}; when {@code problems} has gained entries the result is incomplete and must not be
     * used.
     *
     * @throws UserInputException when the file cannot be read at all
     */
    static ImmutableList<PacketProbe> read(Path file, List<Problem> problems) {
        String source = file.toString();
        JsonFactory factory = source.endsWith(".json") ? new JsonFactory() : new YAMLFactory();
        ImmutableList.Builder<PacketProbe> out = ImmutableList.builder();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonParser p = factory.createParser(reader)) {
            new PacketFile(source, p, problems).document(out);
        } catch (NoSuchFileException e) {
            throw new UserInputException("--packets: no such file: " + file);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = String.join(": ", e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
            problems.add(new Problem(Optional.of(new SourceLocation(source, Math.max(1, at == null ? 1
                    : at.getLineNr()))), Optional.empty(), "", Names.printable(message.isEmpty() ? "syntax error"
                    : message)));
        } catch (IOException e) {
            throw new UserInputException("--packets: cannot read " + file + ": " + e.getMessage());
        }
        return out.build();
    }

    private void document(ImmutableList.Builder<PacketProbe> out) throws IOException {
        JsonToken t = parser.nextToken();
        if (t != JsonToken.START_ARRAY) {
            problem(line(), "", "expected a list of packets (maps of in, out, src, dst, proto, ...), not "
                    + (t == null ? "an empty file" : what(t)));
            return;
        }
        int i = 0;
        for (t = parser.nextToken(); t != JsonToken.END_ARRAY && t != null; t = parser.nextToken(), i++) {
            String at = "[" + i + "]";
            int startLine = line();
            if (t != JsonToken.START_OBJECT) {
                problem(startLine, at, "expected a map of packet fields, not " + what(t));
                parser.skipChildren();
                continue;
            }
            entry(at, startLine, i).ifPresent(out::add);
        }
        if (parser.nextToken() != null) {
            problem(line(), "", "expected one list of packets; found more after it");
        }
    }

    private Optional<PacketProbe> entry(String at, int startLine, int index) throws IOException {
        Map<String, String> strings = new HashMap<>();
        Map<String, Integer> numbers = new HashMap<>();
        Map<String, Boolean> flags = new HashMap<>();
        boolean ok = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String field = at + "." + key;
            int keyLine = line();
            JsonToken v = parser.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY || v == JsonToken.VALUE_NULL) {
                problem(keyLine, field, "expected a single value, not " + what(v));
                parser.skipChildren();
                ok = false;
            } else if (strings.containsKey(key) || numbers.containsKey(key) || flags.containsKey(key)) {
                problem(keyLine, field, "given twice");
                ok = false;
            } else if (STRINGS.contains(key)) {
                strings.put(key, parser.getText());
            } else if (NUMBERS.contains(key)) {
                OptionalInt n = PacketSpec.intIn(parser.getText(), Integer.MIN_VALUE, Integer.MAX_VALUE);
                if (n.isEmpty()) {
                    problem(keyLine, field, "expected a number, not " + Quote.of(parser.getText()));
                    ok = false;
                } else {
                    numbers.put(key, n.getAsInt());
                }
            } else if (BOOLEANS.contains(key)) {
                if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                    problem(keyLine, field, "expected true or false, not " + Quote.of(parser.getText()));
                    ok = false;
                } else {
                    flags.put(key, v == JsonToken.VALUE_TRUE);
                }
            } else {
                problem(keyLine, field, "unknown key " + Quote.of(key) + "; a packet has " + KEYS);
                ok = false;
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        for (String required : List.of("src", "dst", "proto")) {
            if (!strings.containsKey(required)) {
                problem(startLine, at, "missing " + required);
                ok = false;
            }
        }
        Optional<String> node = Optional.ofNullable(strings.get("node"));
        if (node.isPresent() && !Names.isDnsSubdomain(node.get())) {
            problem(startLine, at + ".node", Quote.of(node.get()) + " is not a valid node name");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        try {
            PacketSpec spec = new PacketSpec(strings.get("in"), strings.get("out"), strings.get("src"),
                    strings.get("dst"), strings.get("proto"), numbers.get("sport"), numbers.get("dport"),
                    numbers.get("icmp-type"), numbers.get("icmp-code"), strings.get("dnat"),
                    flags.getOrDefault("established", false), flags.getOrDefault("invalid", false), PacketSpec.KEYS);
            return Optional.of(new PacketProbe(strings.getOrDefault("name", "packet " + at), node, spec.toPacket()));
        } catch (UserInputException e) {
            problem(startLine, at, e.getMessage());
            return Optional.empty();
        }
    }

    private int line() {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    private static String what(JsonToken t) {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "a map";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "an empty value";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.name();
        };
    }

    private void problem(int line, String field, String message) {
        problems.add(new Problem(Optional.of(new SourceLocation(source, line)), Optional.empty(),
                Names.printable(field), message));
    }
}
