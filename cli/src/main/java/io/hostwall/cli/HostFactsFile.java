package io.hostwall.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.model.Names;
import io.hostwall.model.Problem;
import io.hostwall.model.SourceLocation;
import io.hostwall.net.Cidr;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a {@code --host-facts} file: a map node -> interface -> list of addresses, in YAML or (for a {@code .json}
 * name) JSON, e.g. {@code node1: {eth0: [10.240.0.11, "fd00::11"]}}. Every problem is reported with the file's line
 * and the path of the offending key ({@code node1.eth0[1]}), all at once, as manifest problems are.
 *
 * <p>Read with Jackson's token stream rather than a tree because the tree forgets where each value was, and a
 * message without a line sends the user hunting through the file.
 */
final class HostFactsFile {
    private final String source;
    private final List<Problem> problems;
    private final JsonParser parser;

    private HostFactsFile(String source, JsonParser parser, List<Problem> problems) {
        this.source = source;
        this.parser = parser;
        this.problems = problems;
    }

    /**
     * The facts of each node in {@code file}; when {@code problems} has gained entries the result is incomplete and
     * must not be used.
     *
     * @throws UserInputException when the file cannot be read at all
     */
    static ImmutableSortedMap<String, NodeFacts> read(Path file, List<Problem> problems) {
        String source = file.toString();
        JsonFactory factory = source.endsWith(".json") ? new JsonFactory() : new YAMLFactory();
        TreeMap<String, NodeFacts> out = new TreeMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonParser parser = factory.createParser(reader)) {
            new HostFactsFile(source, parser, problems).document(out);
        } catch (NoSuchFileException e) {
            throw new UserInputException("--host-facts: no such file: " + file);
        } catch (JsonProcessingException e) {
            // Syntax: the parser cannot go on, so this is the last problem of the file.
            JsonLocation at = e.getLocation();
            // SnakeYAML's message quotes the offending lines with a caret under them, indented: keep the prose.
            String message = String.join(": ", e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
            message = message.isEmpty() ? "syntax error" : message;
            problems.add(new Problem(Optional.of(new SourceLocation(source, Math.max(1, at == null ? 1
                    : at.getLineNr()))), Optional.empty(), "", Names.printable(message)));
        } catch (IOException e) {
            throw new UserInputException("--host-facts: cannot read " + file + ": " + e.getMessage());
        }
        return ImmutableSortedMap.copyOf(out);
    }

    private void document(TreeMap<String, NodeFacts> out) throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            problem(1, "", "the file is empty: expected a map of node name -> interface -> list of addresses");
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            problem(line(), "", "expected a map of node name -> interface -> list of addresses, not " + what(t));
            parser.skipChildren();
            return;
        }
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String node = parser.currentName();
            int nodeLine = line();
            boolean ok = true;
            if (!seen.add(node)) {
                problem(nodeLine, "", "node " + Names.quote(node) + " is given twice");
                ok = false;
            } else if (!Names.isDnsSubdomain(node)) {
                problem(nodeLine, "", Names.quote(node) + " is not a valid node name: " + Names.SUBDOMAIN_RULE);
                ok = false;
            }
            Optional<NodeFacts> facts = node(node);
            if (ok && facts.isPresent()) {
                out.put(node, facts.get());
            }
        }
        JsonToken after = parser.nextToken();
        if (after != null) {
            problem(line(), "", "expected one map of node name -> interfaces; found more after it");
        }
    }

    /** One node's value: interface -> addresses. Empty when it has problems. */
    private Optional<NodeFacts> node(String node) throws IOException {
        JsonToken t = parser.nextToken();
        if (t != JsonToken.START_OBJECT) {
            problem(line(), node, "expected a map of interface name -> list of addresses, not " + what(t));
            parser.skipChildren();
            return Optional.empty();
        }
        NodeFacts.Builder facts = NodeFacts.builder();
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String iface = parser.currentName();
            String path = node + "." + iface;
            int ifaceLine = line();
            if (!seen.add(iface)) {
                problem(ifaceLine, node, "interface " + Names.quote(iface) + " is given twice");
                ok = false;
            } else if (!Names.isInterfaceName(iface)) {
                problem(ifaceLine, node, Names.quote(iface) + " is not a valid interface name: use 1-15 characters"
                        + " of letters, digits, '_', '.' and '-'");
                ok = false;
            }
            Optional<List<InetAddress>> addresses = addresses(path);
            if (ok && addresses.isPresent()) {
                facts.addInterface(iface, addresses.get());
            }
            ok &= addresses.isPresent();
        }
        return ok ? Optional.of(facts.build()) : Optional.empty();
    }

    /** One interface's value: a list of literal addresses. Empty when it has problems. */
    private Optional<List<InetAddress>> addresses(String path) throws IOException {
        JsonToken t = parser.nextToken();
        if (t != JsonToken.START_ARRAY) {
            problem(line(), path, "expected a list of IP addresses, not " + what(t));
            parser.skipChildren();
            return Optional.empty();
        }
        List<InetAddress> out = new ArrayList<>();
        boolean ok = true;
        int i = 0;
        for (t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), i++) {
            String at = path + "[" + i + "]";
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY || t == JsonToken.VALUE_NULL) {
                problem(line(), at, "expected an IP address, not " + what(t));
                parser.skipChildren();
                ok = false;
                continue;
            }
            String text = parser.getText();
            Optional<InetAddress> a = Cidr.parseAddress(text);
            if (a.isEmpty()) {
                problem(line(), at, "not an IP address: " + Names.quote(text));
                ok = false;
            } else {
                out.add(a.get());
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private int line() {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    private static String what(JsonToken t) {
        if (t == null) {
            return "the end of the file";
        }
        switch (t) {
            case START_OBJECT: return "a map";
            case START_ARRAY: return "a list";
            case VALUE_NULL: return "an empty value";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            default: return t.asString() == null ? t.name() : t.asString();
        }
    }

    private void problem(int line, String field, String message) {
        problems.add(new Problem(Optional.of(new SourceLocation(source, line)), Optional.empty(),
                Names.printable(field), message));
    }
}
