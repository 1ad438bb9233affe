package io.hostwall.selector;

import io.hostwall.selector.grammar.LabelSyntax;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for selector properties: syntax trees with every node kind, odd labels and awkward
 * values, label maps that hit those labels and values, token soup and mutated selector text.
 */
final class SelectorArbitraries {
    /** Keywords are ordinary labels; odd-but-legal shapes; the longest legal label. */
    static final List<String> LABELS = List.of("a", "b", "c", "has", "all", "global", "in", "not", "notin",
            "contains", "starts", "ends", "with", "startswith", "-", "/", ".", "...", "1", "a.b/c-d_E", "k8s-app",
            "projectcalico.org/name", "x".repeat(LabelSyntax.MAX_LABEL_LENGTH));

    /**
     * Quotes of either kind (not both), blanks, newlines, operators, non-ASCII, a backslash, and
     * U+FFFF next to U+1F600, which sort differently by UTF-16 units than by UTF-8 bytes.
     */
    static final List<String> VALUES = List.of("", "x", "y", "x y", "X", "'", "\"", "it's", "say \"hi\"", "é", "😀",
            "\t", "\n", "{}", "&&", "x\\", "a,b", "\uFFFF", "😀x", "x😀", "ab", "a");

    private SelectorArbitraries() {
    }

    static Arbitrary<String> labels() {
        return Arbitraries.oneOf(Arbitraries.of(LABELS),
                Arbitraries.strings().withChars("abcXYZ019_./-").ofMinLength(1).ofMaxLength(8));
    }

    static Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.of(VALUES),
                Arbitraries.strings().withChars("ab '\"\t\né😀{},&|()!=\\").ofMaxLength(6))
                .filter(v -> !(v.contains("'") && v.contains("\"")));
    }

    /** Trees with every node kind, up to four levels of Not/And/Or. */
    static Arbitrary<Expr> exprs() {
        return Arbitraries.recursive(SelectorArbitraries::leaves, SelectorArbitraries::compound, 0, 4);
    }

    private static Arbitrary<Expr> leaves() {
        Arbitrary<String> l = labels();
        Arbitrary<String> v = values();
        Arbitrary<List<String>> set = v.list().ofMaxSize(4);
        return Arbitraries.frequencyOf(
                Tuple(3, Combinators.combine(l, v).as(Equals::new)),
                Tuple(2, Combinators.combine(l, v).as(NotEquals::new)),
                Tuple(2, Combinators.combine(l, v).as(Contains::new)),
                Tuple(2, Combinators.combine(l, v).as(StartsWith::new)),
                Tuple(2, Combinators.combine(l, v).as(EndsWith::new)),
                Tuple(2, Combinators.combine(l, set).as(In::of)),
                Tuple(2, Combinators.combine(l, set).as(NotIn::of)),
                Tuple(3, l.map(Has::new)),
                Tuple(1, Arbitraries.just(new All())),
                Tuple(1, Arbitraries.just(new Global())));
    }

    private static Arbitrary<Expr> compound(Arbitrary<Expr> inner) {
        return Arbitraries.frequencyOf(
                Tuple(2, inner),
                Tuple(2, inner.map(Not::new)),
                Tuple(2, inner.list().ofMinSize(2).ofMaxSize(3).map(And::of)),
                Tuple(2, inner.list().ofMinSize(2).ofMaxSize(3).map(Or::of)));
    }

    private static net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends Expr>> Tuple(int weight,
            Arbitrary<? extends Expr> arbitrary) {
        return net.jqwik.api.Tuple.of(weight, arbitrary);
    }

    /** Maps over a few pool labels, so that expressions often find their label and value. */
    static Arbitrary<Map<String, String>> labelMaps() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(LABELS.subList(0, 8)), Arbitraries.of(LABELS));
        return Arbitraries.maps(key, values()).ofMaxSize(6);
    }

    /** Selector text: a canonical form, or a noisy rendering, of a generated tree. */
    static Arbitrary<String> validTexts() {
        return Arbitraries.oneOf(exprs().map(Expr::toString),
                Combinators.combine(exprs(), Arbitraries.randoms()).as(NoisyPrinter::print));
    }

    /** Fragments of the language and things that are not, glued together with or without blanks. */
    static Arbitrary<String> tokenSoup() {
        Arbitrary<String> piece = Arbitraries.of("a", "b", "has", "all", "global", "in", "not", "notin", "contains",
                "starts", "ends", "with", "startswith", "IN", "x.y/z", "-", "==", "!=", "=", "!", "&&", "||", "&", "|",
                " in ", " not in ", " notin ", " contains ", " starts with ", " ends\twith ", "(", ")", "{", "}",
                ",", "\"x\"", "'y'", "\"\"", "'\"'", "\"'\"", "\"", "'", "has(a)", "has( a )", "has(", "has (a)",
                "all()", "all( )", "all(", "global()", "global(", " ", "\t", "\n", "\r", "é", "%", "😀", "\\",
                "((((", "))))", "!!!");
        return piece.list().ofMaxSize(14).map(pieces -> String.join("", pieces));
    }

    /** Valid text with one random edit: a character or fragment inserted, deleted or replaced. */
    static Arbitrary<String> mutatedTexts() {
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of("(", ")", "!", "&", "|", "=", "\"", "'", " ",
                "\t", "{", "}", ",", "in ", "not", "a", "é", "\n"), tokenSoup());
        return Combinators.combine(validTexts(), insert, Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2))
                .as((text, ins, where, deleteCount, kind) -> {
                    int at = (int) (where * text.length());
                    int end = Math.min(text.length(), at + deleteCount);
                    return switch (kind) {
                        case 0 -> text.substring(0, at) + ins + text.substring(at);
                        case 1 -> text.substring(0, at) + text.substring(end);
                        default -> text.substring(0, at) + ins + text.substring(end);
                    };
                });
    }
}
