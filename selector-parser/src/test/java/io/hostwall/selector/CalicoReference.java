package io.hostwall.selector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Test oracle: a direct, deliberately naive port of Calico's tokenizer.go and parser.go (the
 * versions selector-semantics.md describes), working on UTF-8 bytes like the Go code. It shares
 * no code with the ANTLR implementation, so properties can check that both accept the same
 * strings, print the same canonical form and evaluate the same way.
 */
final class CalicoReference {
    /** What the Go parser returns: the canonical string and an evaluator. */
    record Result(String canonical, Predicate<Map<String, String>> eval) {
    }

    private enum Kind {
        LABEL, STRING, LBRACE, RBRACE, COMMA, EQ, NE, IN, NOT, NOTIN, CONTAINS, STARTSWITH, ENDSWITH, ALL, HAS,
        LPAREN, RPAREN, AND, OR, GLOBAL, EOF
    }

    private record Tok(Kind kind, String value) {
    }

    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private CalicoReference() {
    }

    /** Calico's Parse: a result, or empty where Calico returns an error. */
    static Optional<Result> parse(String selector) {
        try {
            List<Tok> tokens = tokenize(selector.getBytes(StandardCharsets.UTF_8));
            if (tokens.get(0).kind() == Kind.EOF) {
                return Optional.of(new Result("all()", m -> true));
            }
            int[] pos = {0};
            Result r = parseOr(tokens, pos);
            if (pos[0] != tokens.size() - 1) {
                throw new Rejected("unexpected content at end of selector");
            }
            return Optional.of(r);
        } catch (Rejected e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------- tokenizer.go

    private static List<Tok> tokenize(byte[] in) throws Rejected {
        List<Tok> tokens = new ArrayList<>();
        int i = 0;
        while (true) {
            i = skipWhitespace(in, i);
            if (i == in.length) {
                tokens.add(new Tok(Kind.EOF, ""));
                return tokens;
            }
            Kind last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1).kind();
            byte c = in[i];
            switch (c) {
                case '(' -> { tokens.add(new Tok(Kind.LPAREN, "")); i++; }
                case ')' -> { tokens.add(new Tok(Kind.RPAREN, "")); i++; }
                case '{' -> { tokens.add(new Tok(Kind.LBRACE, "")); i++; }
                case '}' -> { tokens.add(new Tok(Kind.RBRACE, "")); i++; }
                case ',' -> { tokens.add(new Tok(Kind.COMMA, "")); i++; }
                case '"', '\'' -> {
                    int end = i + 1;
                    while (end < in.length && in[end] != c) {
                        end++;
                    }
                    if (end == in.length) {
                        throw new Rejected("unterminated string");
                    }
                    tokens.add(new Tok(Kind.STRING, new String(in, i + 1, end - i - 1, StandardCharsets.UTF_8)));
                    i = end + 1;
                }
                case '=' -> {
                    if (!hasPrefix(in, i, "==")) {
                        throw new Rejected("expected ==");
                    }
                    tokens.add(new Tok(Kind.EQ, ""));
                    i += 2;
                }
                case '!' -> {
                    if (hasPrefix(in, i, "!=")) {
                        tokens.add(new Tok(Kind.NE, ""));
                        i += 2;
                    } else {
                        tokens.add(new Tok(Kind.NOT, ""));
                        i++;
                    }
                }
                case '&' -> {
                    if (!hasPrefix(in, i, "&&")) {
                        throw new Rejected("expected &&");
                    }
                    tokens.add(new Tok(Kind.AND, ""));
                    i += 2;
                }
                case '|' -> {
                    if (!hasPrefix(in, i, "||")) {
                        throw new Rejected("expected ||");
                    }
                    tokens.add(new Tok(Kind.OR, ""));
                    i += 2;
                }
                default -> i = wordToken(in, i, last, tokens);
            }
        }
    }

    private static int wordToken(byte[] in, int i, Kind last, List<Tok> tokens) throws Rejected {
        int next;
        if (last == Kind.LABEL) {
            if ((next = cutPrefixCheckBreak(in, i, "contains")) >= 0) {
                tokens.add(new Tok(Kind.CONTAINS, ""));
            } else if ((next = cutMultiWordPrefixCheckBreak(in, i, "starts", "with")) >= 0) {
                tokens.add(new Tok(Kind.STARTSWITH, ""));
            } else if ((next = cutMultiWordPrefixCheckBreak(in, i, "ends", "with")) >= 0) {
                tokens.add(new Tok(Kind.ENDSWITH, ""));
            } else if ((next = cutMultiWordPrefixCheckBreak(in, i, "not", "in")) >= 0) {
                tokens.add(new Tok(Kind.NOTIN, ""));
            } else if ((next = cutPrefixCheckBreak(in, i, "in")) >= 0) {
                tokens.add(new Tok(Kind.IN, ""));
            } else {
                throw new Rejected("expected operator after label");
            }
            return next;
        }
        if (hasPrefix(in, i, "has(")) {
            int p = skipWhitespace(in, i + 4);
            int end = identifierEnd(in, p);
            String ident = identifier(in, p, end);
            p = skipWhitespace(in, end);
            if (p < in.length && in[p] == ')') {
                tokens.add(new Tok(Kind.HAS, ident));
                return p + 1;
            }
            throw new Rejected("no closing ')' after has(");
        }
        if (hasPrefix(in, i, "all(")) {
            int p = skipWhitespace(in, i + 4);
            if (p < in.length && in[p] == ')') {
                tokens.add(new Tok(Kind.ALL, ""));
                return p + 1;
            }
            throw new Rejected("no closing ')' after all(");
        }
        if (hasPrefix(in, i, "global(")) {
            int p = skipWhitespace(in, i + 7);
            if (p < in.length && in[p] == ')') {
                tokens.add(new Tok(Kind.GLOBAL, ""));
                return p + 1;
            }
            throw new Rejected("no closing ')' after global(");
        }
        int end = identifierEnd(in, i);
        tokens.add(new Tok(Kind.LABEL, identifier(in, i, end)));
        return end;
    }

    private static int skipWhitespace(byte[] in, int i) {
        while (i < in.length && (in[i] == ' ' || in[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean hasPrefix(byte[] in, int i, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        return in.length - i >= p.length && Arrays.equals(in, i, i + p.length, p, 0, p.length);
    }

    private static int cutPrefixCheckBreak(byte[] in, int i, String prefix) {
        if (!hasPrefix(in, i, prefix)) {
            return -1;
        }
        int rest = i + prefix.length();
        return isWordBoundary(in, rest) ? rest : -1;
    }

    private static int cutMultiWordPrefixCheckBreak(byte[] in, int i, String... words) {
        int rest = i;
        for (String word : words) {
            if (!hasPrefix(in, rest, word)) {
                return -1;
            }
            rest = skipWhitespace(in, rest + word.length());
        }
        return isWordBoundary(in, rest) ? rest : -1;
    }

    private static boolean isWordBoundary(byte[] in, int i) {
        return i == in.length || !identifierChar(in[i]);
    }

    private static int identifierEnd(byte[] in, int i) {
        while (i < in.length && identifierChar(in[i])) {
            i++;
        }
        return i;
    }

    private static String identifier(byte[] in, int start, int end) throws Rejected {
        if (end - start > 512) {
            throw new Rejected("label too long");
        }
        if (end == start) {
            throw new Rejected("expected identifier");
        }
        return new String(in, start, end - start, StandardCharsets.US_ASCII);
    }

    private static boolean identifierChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == '.' || c == '/' || c == '-';
    }

    // ------------------------------------------------------------------------------- parser.go

    private static Result parseOr(List<Tok> t, int[] pos) throws Rejected {
        List<Result> parts = new ArrayList<>();
        parts.add(parseAnd(t, pos));
        while (t.get(pos[0]).kind() == Kind.OR) {
            pos[0]++;
            parts.add(parseAnd(t, pos));
        }
        return parts.size() == 1 ? parts.get(0) : join(parts, " || ", false);
    }

    private static Result parseAnd(List<Tok> t, int[] pos) throws Rejected {
        List<Result> parts = new ArrayList<>();
        parts.add(parseOperation(t, pos));
        while (t.get(pos[0]).kind() == Kind.AND) {
            pos[0]++;
            parts.add(parseOperation(t, pos));
        }
        return parts.size() == 1 ? parts.get(0) : join(parts, " && ", true);
    }

    private static Result join(List<Result> parts, String op, boolean and) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < parts.size(); i++) {
            sb.append(i == 0 ? "" : op).append(parts.get(i).canonical());
        }
        List<Predicate<Map<String, String>>> evals = parts.stream().map(Result::eval).toList();
        Predicate<Map<String, String>> eval = and
                ? m -> evals.stream().allMatch(e -> e.test(m))
                : m -> evals.stream().anyMatch(e -> e.test(m));
        return new Result(sb.append(')').toString(), eval);
    }

    private static Result parseOperation(List<Tok> t, int[] pos) throws Rejected {
        boolean negated = false;
        while (t.get(pos[0]).kind() == Kind.NOT) {
            negated = !negated;
            pos[0]++;
        }
        Tok first = t.get(pos[0]);
        Result r;
        switch (first.kind()) {
            case HAS -> {
                String label = first.value();
                r = new Result("has(" + label + ")", m -> m.containsKey(label));
                pos[0]++;
            }
            case ALL -> {
                r = new Result("all()", m -> true);
                pos[0]++;
            }
            case GLOBAL -> {
                r = new Result("global()", m -> true);
                pos[0]++;
            }
            case LABEL -> r = labelOperation(t, pos);
            case LPAREN -> {
                pos[0]++;
                r = parseOr(t, pos);
                if (t.get(pos[0]).kind() != Kind.RPAREN) {
                    throw new Rejected("expected )");
                }
                pos[0]++;
            }
            default -> throw new Rejected("unexpected token");
        }
        if (negated) {
            Predicate<Map<String, String>> inner = r.eval();
            r = new Result("!" + r.canonical(), m -> !inner.test(m));
        }
        return r;
    }

    private static Result labelOperation(List<Tok> t, int[] pos) throws Rejected {
        int p = pos[0];
        if (t.size() - p < 3) {
            throw new Rejected("unexpected end of string looking for op");
        }
        String label = t.get(p).value();
        Kind op = t.get(p + 1).kind();
        Tok operand = t.get(p + 2);
        switch (op) {
            case EQ, NE, CONTAINS, STARTSWITH, ENDSWITH -> {
                if (operand.kind() != Kind.STRING) {
                    throw new Rejected("expected string");
                }
                pos[0] = p + 3;
                return comparison(label, op, operand.value());
            }
            case IN, NOTIN -> {
                if (operand.kind() != Kind.LBRACE) {
                    throw new Rejected("expected set literal");
                }
                int q = p + 3;
                List<String> values = new ArrayList<>();
                while (t.get(q).kind() == Kind.STRING) {
                    values.add(t.get(q).value());
                    q++;
                    if (t.get(q).kind() == Kind.COMMA) {
                        q++;
                    } else {
                        break;
                    }
                }
                if (t.get(q).kind() != Kind.RBRACE) {
                    throw new Rejected("expected }");
                }
                pos[0] = q + 1;
                return membership(label, op == Kind.IN, values);
            }
            default -> throw new Rejected("expected == or !=");
        }
    }

    private static Result comparison(String label, Kind op, String v) {
        String q = quote(v);
        return switch (op) {
            case EQ -> new Result(label + " == " + q, m -> m.containsKey(label) && m.get(label).equals(v));
            case NE -> new Result(label + " != " + q, m -> !m.containsKey(label) || !m.get(label).equals(v));
            case CONTAINS -> new Result(label + " contains " + q, m -> m.containsKey(label) && m.get(label).contains(v));
            case STARTSWITH -> new Result(label + " starts with " + q,
                    m -> m.containsKey(label) && m.get(label).startsWith(v));
            case ENDSWITH -> new Result(label + " ends with " + q, m -> m.containsKey(label) && m.get(label).endsWith(v));
            default -> throw new AssertionError(op);
        };
    }

    private static Result membership(String label, boolean in, List<String> values) {
        // Go sorts strings by bytes: compare the UTF-8 encodings, unsigned.
        TreeSet<String> set = new TreeSet<>((a, b) -> Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        set.addAll(values);
        StringBuilder sb = new StringBuilder(label).append(in ? " in {" : " not in {");
        boolean first = true;
        for (String v : set) {
            sb.append(first ? "" : ", ").append(quote(v));
            first = false;
        }
        sb.append('}');
        List<String> members = List.copyOf(set);
        Predicate<Map<String, String>> eval = in
                ? m -> m.containsKey(label) && members.contains(m.get(label))
                : m -> !m.containsKey(label) || !members.contains(m.get(label));
        return new Result(sb.toString(), eval);
    }

    private static String quote(String v) {
        return v.contains("\"") ? "'" + v + "'" : "\"" + v + "\"";
    }
}
