package io.hostwall.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.statistics.StatisticsReport.StatisticsReportMode;

/**
 * Properties over generated selectors: the canonical form means what the tree means and is
 * stable, any string either parses or fails with {@link SelectorSyntaxException}, and the ANTLR
 * implementation agrees with a naive port of Calico's own code ({@link CalicoReference}).
 */
class SelectorProperties {

    /** (1) Printing a tree and parsing it back selects exactly the same label maps. */
    @Property(tries = 1000)
    void canonicalFormEvaluatesLikeTheTree(@ForAll("exprs") Expr tree,
            @ForAll("labelMapLists") List<Map<String, String>> maps) {
        Selector reparsed = Selector.parse(Selector.of(tree).toString());
        for (Map<String, String> labels : maps) {
            assertEquals(tree.matches(labels), reparsed.matches(labels),
                    () -> show(tree.toString()) + " on " + show(labels.toString()));
        }
    }

    /**
     * (2) The canonical form is a fixed point, except where a Not sits directly on a Not: Calico
     * prints {@code !(!x)} as {@code !!x}, which parses with the pair folded away (documented in
     * selector-semantics.md §6). There the first reparse must give the folded tree, which is stable.
     */
    @Property(tries = 1000)
    @StatisticsReport(StatisticsReportMode.OFF)
    void canonicalFormIsAFixedPointExceptForDoubleNegation(@ForAll("exprs") Expr tree) {
        String once = Selector.of(tree).toString();
        Selector reparsed = Selector.parse(once);
        Statistics.label("double negation").collect(Trees.hasDoubleNegation(tree));
        Statistics.label("double negation").coverage(c -> c.check(true).percentage(p -> p > 5));
        if (!Trees.hasDoubleNegation(tree)) {
            assertEquals(once, reparsed.toString());
            assertEquals(tree, reparsed.ast());
        } else {
            Expr folded = Trees.foldDoubleNegations(tree);
            assertEquals(folded, reparsed.ast());
            assertEquals(folded.toString(), reparsed.toString());
            assertEquals(reparsed.toString(), Selector.parse(reparsed.toString()).toString());
        }
    }

    /** (2b) However a tree is written (blanks, quotes, spellings, redundant parens), it parses back to itself. */
    @Property(tries = 1000)
    void noisyRenderingsParseToTheSameTree(@ForAll("exprs") Expr tree, @ForAll("seeds") long seed) {
        String text = NoisyPrinter.print(tree, new Random(seed));
        Selector parsed = Selector.parse(text);
        assertEquals(tree, parsed.ast(), () -> show(text));
        assertEquals(Selector.of(tree), parsed);
        assertEquals(Selector.of(tree).uniqueId(), parsed.uniqueId());
    }

    /**
     * (3) Any string at all parses or throws SelectorSyntaxException with a position inside the
     * input, quickly; and whatever parses prints a form that parses again.
     */
    @Property(tries = 3000)
    @StatisticsReport(StatisticsReportMode.OFF)
    void anyStringParsesOrFailsWithASyntaxError(@ForAll("anyText") String text) {
        Statistics.label("outcome").coverage(c -> {
            c.check("parsed").percentage(p -> p > 5);
            c.check("rejected").percentage(p -> p > 50);
        });
        assertTimeout(Duration.ofSeconds(5), () -> {
            try {
                Selector s = Selector.parse(text);
                Selector.parse(s.toString());
                Statistics.label("outcome").collect("parsed");
            } catch (SelectorSyntaxException e) {
                Statistics.label("outcome").collect("rejected");
                assertTrue(e.position() >= 0 && e.position() <= text.length(), () -> e.position() + " in " + show(text));
                assertTrue(e.getMessage().contains("offset " + e.position()), e::getMessage);
            }
        });
    }

    /**
     * (4) The same language as Calico: accepted exactly when Calico's algorithm accepts, with the
     * same canonical string and the same verdict on label maps.
     */
    @Property(tries = 3000)
    @StatisticsReport(StatisticsReportMode.OFF)
    void agreesWithCalicosAlgorithm(@ForAll("selectorLikeText") String text,
            @ForAll("labelMapLists") List<Map<String, String>> maps) {
        Optional<CalicoReference.Result> expected = CalicoReference.parse(text);
        Optional<Selector> actual = tryParse(text);
        Statistics.label("valid").collect(expected.isPresent());
        Statistics.label("valid").coverage(c -> c.check(true).percentage(p -> p > 15));
        Statistics.label("valid").coverage(c -> c.check(false).percentage(p -> p > 15));
        assertEquals(expected.isPresent(), actual.isPresent(), () -> "accepted? " + show(text));
        if (expected.isPresent()) {
            assertEquals(show(expected.get().canonical()), show(actual.get().toString()), () -> show(text));
            for (Map<String, String> labels : maps) {
                assertEquals(expected.get().eval().test(labels), actual.get().matches(labels),
                        () -> show(text) + " on " + show(labels.toString()));
            }
        }
    }

    /** (5) Label restrictions are sound: a selector only matches maps every restriction permits. */
    @Property(tries = 1000)
    void labelRestrictionsNeverRuleOutAMatch(@ForAll("exprs") Expr tree,
            @ForAll("labelMapLists") List<Map<String, String>> maps) {
        Selector s = Selector.of(tree);
        for (Map<String, String> labels : maps) {
            if (s.matches(labels)) {
                s.labelRestrictions().forEach((label, r) -> {
                    assertTrue(r.permits(Optional.ofNullable(labels.get(label))), () -> s + " " + label + " " + r);
                    assertTrue(!r.isUnsatisfiable(), () -> s + " " + label + " " + r);
                });
            }
        }
    }

    /**
     * Reports cut a message at characters XML cannot hold (U+FFFF, controls): show everything
     * outside printable ASCII as a Java escape.
     */
    static String show(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean isWellFormedUtf16(String s) {
        return s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    private static Optional<Selector> tryParse(String text) {
        try {
            return Optional.of(Selector.parse(text));
        } catch (SelectorSyntaxException e) {
            return Optional.empty();
        }
    }

    @Provide
    Arbitrary<Expr> exprs() {
        return SelectorArbitraries.exprs();
    }

    @Provide
    Arbitrary<List<Map<String, String>>> labelMapLists() {
        return SelectorArbitraries.labelMaps().list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<String> selectorLikeText() {
        // Go strings are bytes; a Java string with a lone surrogate (an edit can split a pair)
        // has no UTF-8 form to compare with, so the oracle only sees well-formed text.
        return Arbitraries.oneOf(SelectorArbitraries.validTexts(), SelectorArbitraries.tokenSoup(),
                SelectorArbitraries.mutatedTexts()).filter(SelectorProperties::isWellFormedUtf16);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40), // includes lone surrogates and controls
                Arbitraries.strings().withChars("ahsl(){}\"' =!&|,\t").ofMaxLength(40),
                SelectorArbitraries.tokenSoup(),
                SelectorArbitraries.mutatedTexts(),
                Arbitraries.integers().between(0, 3000).map(n -> "(".repeat(n) + "a == 'b'" + ")".repeat(n)),
                Arbitraries.integers().between(0, 3000).map(n -> "!".repeat(n) + "(!".repeat(n % 300) + "has(a)"
                        + ")".repeat(n % 300)));
    }
}
