package io.hostwall.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.statistics.StatisticsReport.StatisticsReportMode;

/**
 * The hand-written parser ({@link SelectorReader}) against the ANTLR one it replaced
 * ({@link AntlrSelectorReader}, generated from {@code src/test/antlr4}): on any text both accept or
 * both reject; what they accept is the same tree (so the same canonical form); what they reject
 * they reject with the same message at the same offset.
 */
class ParserDifferentialProperties {

    /** Valid selectors (canonical and noisy), token soup, single-edit mutations and arbitrary strings. */
    @Property(tries = 10_000)
    @StatisticsReport(StatisticsReportMode.OFF)
    void handWrittenParserAgreesWithAntlr(@ForAll("texts") String text) {
        Outcome expected = Outcome.of(() -> AntlrSelectorReader.read(text));
        Outcome actual = Outcome.of(() -> SelectorReader.read(text));
        Statistics.label("accepted").collect(expected.tree() != null);
        Statistics.label("accepted").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("accepted").coverage(c -> c.check(false).percentage(p -> p > 20));
        assertEquals(expected, actual, () -> SelectorProperties.show(text));
    }

    /** Inputs the generators rarely reach: limits, deep nesting, long runs, errors on either side of them. */
    @Example
    void agreesOnEdgeCases() {
        String label512 = "x".repeat(512);
        List<String> texts = List.of("", " ", "\t", "a", "!", "(", ")", "{", "}", ",", "'", "\"", "=", "&", "|",
                "has(" + label512 + ")", "has(" + label512 + "x)", label512 + " == ''", label512 + "x == ''",
                "(".repeat(256) + "a == 'b'" + ")".repeat(256), "(".repeat(257) + "a == 'b'" + ")".repeat(257),
                "(".repeat(300) + "é", "a == b && " + "(".repeat(1000), "!(".repeat(257) + "has(a)",
                "!".repeat(1000) + "has(a)", String.join(" || ", Collections.nCopies(500, "a in {'x',}")),
                "a in {'x',,}", "a in {'x' 'y'}", "a in {'x'", "a in {'x',", "a in {", "a in", "a not  in {}",
                "a notin x", "a not inx", "a not in x", "a starts with", "a startswithx", "a ends  with b",
                "a ends with 'b' c", "has (a)", "HAS(a)", "All()", "global (", "global( x)", "all( )", "has( a ) b",
                "has(a b)", "has(", "has(\t)", "a == 'x' )", "(a == 'x'", "((a == 'x') b)", "a == 'x' && (b == 'y' ||",
                "a\n", "a é", "é", "😀", "a == '😀' && 😀", "\uD800", "a == 'x' \uDC00", "!=", "!==", "a ===",
                "a != 'x' || !has(b) && (c contains 'd' || e starts with \"f\")", "in in {}", "contains contains ''");
        for (String text : texts) {
            assertEquals(Outcome.of(() -> AntlrSelectorReader.read(text)), Outcome.of(() -> SelectorReader.read(text)),
                    () -> SelectorProperties.show(text));
        }
    }

    /** The tree, or the error's message and position. */
    record Outcome(Expr tree, String message, int position) {
        static Outcome of(java.util.function.Supplier<Expr> parse) {
            try {
                return new Outcome(parse.get(), null, -1);
            } catch (SelectorSyntaxException e) {
                return new Outcome(null, e.getMessage(), e.position());
            }
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                SelectorArbitraries.validTexts(),
                SelectorArbitraries.validTexts(),
                SelectorArbitraries.tokenSoup(),
                SelectorArbitraries.mutatedTexts(),
                SelectorArbitraries.mutatedTexts(),
                Arbitraries.strings().withChars("ahsl(){}\"' =!&|,\t").ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(20));
    }
}
