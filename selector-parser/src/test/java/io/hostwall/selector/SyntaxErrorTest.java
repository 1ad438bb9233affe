package io.hostwall.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages and positions of representative errors: what was expected, where. */
class SyntaxErrorTest {

    static Stream<Arguments> errors() {
        String longLabel = "a".repeat(513);
        return Stream.of(
                Arguments.of("b == b", 5, "expected a quoted value after '==' at offset 5, found label 'b'"),
                Arguments.of("a == \"x\" && c == b", 17, "expected a quoted value after '==' at offset 17, found label 'b'"),
                Arguments.of("b starts with b", 14, "expected a quoted value after 'starts with' at offset 14, found label 'b'"),
                Arguments.of("label == \"value", 9, "unterminated string starting at offset 9: no closing \" (strings have no escapes)"),
                // No escapes: 'it\' is a whole literal, then s is a label and the last quote is unclosed.
                Arguments.of("a == 'it\\'s'", 11, "unterminated string starting at offset 11: no closing ' (strings have no escapes)"),
                Arguments.of("a == \"b\")", 8, "unexpected ')' at offset 8: expected '&&', '||' or end of selector"),
                Arguments.of("(a == \"foo\"", 11,
                        "unexpected end of selector at offset 11: expected '&&', '||' or ')' to close the '(' at offset 0"),
                Arguments.of("()", 1, "unexpected ')' at offset 1: expected a label, has(label), all(), global(), '!' or '(' after '('"),
                Arguments.of("has(foo) &&", 11, "unexpected end of selector at offset 11: expected a label, has(label), all(), "
                        + "global(), '!' or '(' after '&&'"),
                Arguments.of("a b", 2, "expected an operator (==, !=, in, not in, contains, starts with, ends with) after label "
                        + "'a' at offset 2, found 'b'"),
                Arguments.of("a", 1, "expected an operator (==, !=, in, not in, contains, starts with, ends with) after label "
                        + "'a' at offset 1, found end of selector"),
                Arguments.of("has (a)", 4, "expected an operator (==, !=, in, not in, contains, starts with, ends with) after "
                        + "label 'has' at offset 4, found '(' (functions are written in lower case with no space before '(': "
                        + "has(label), all(), global())"),
                Arguments.of("foo in \"\"", 7, "expected '{' after 'in' at offset 7, found string \"\""),
                Arguments.of("a not in x", 9, "expected '{' after 'not in' at offset 9, found label 'x'"),
                Arguments.of("a in {\"a\" \"b\"}", 10, "expected ',' or '}' after a set value at offset 10, found string \"b\""),
                Arguments.of("a in {,}", 6, "expected a quoted value or '}' after '{' at offset 6, found ','"),
                Arguments.of("label = \"value\"", 6, "expected '==' at offset 6, found a single '='"),
                Arguments.of("a == \"b\" & c == \"d\"", 9, "expected '&&' at offset 9, found a single '&'"),
                Arguments.of("has(a,b)", 5, "expected ')' after 'has(a' at offset 5, found ','"),
                Arguments.of("has()", 4, "expected a label after 'has(' at offset 4, found ')'"),
                Arguments.of("all(x)", 4, "expected ')' after 'all(' at offset 4, found 'x': all() takes no argument"),
                Arguments.of(longLabel + " == \"x\"", 0, "label too long at offset 0: 513 characters, at most 512"),
                Arguments.of("a == \"b\"\n", 8, "unexpected character U+000A at offset 8: outside quotes a selector holds "
                        + "only labels [A-Za-z0-9_./-], operators, spaces and tabs"),
                // Offsets count Java chars: the emoji before the error is two of them.
                Arguments.of("x == '😀' && é", 13, "unexpected character 'é' (U+00E9) at offset 13: outside quotes a "
                        + "selector holds only labels [A-Za-z0-9_./-], operators, spaces and tabs"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("errors")
    void saysWhatWasExpectedWhere(String selector, int position, String message) {
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class, () -> Selector.parse(selector));
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position());
    }

    @Test
    void isAnIllegalArgumentException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Selector.parse("a =="));
        assertTrue(e instanceof SelectorSyntaxException);
    }

    @Test
    void nullIsANullPointerException() {
        assertThrows(NullPointerException.class, () -> Selector.parse(null));
    }

    @Test
    void nestingUpTo256LevelsParses() {
        int depth = NestingLimitedParser.MAX_NESTING;
        Selector s = Selector.parse("(".repeat(depth) + "a == 'b'" + ")".repeat(depth));
        assertEquals("a == \"b\"", s.toString());
        Selector nots = Selector.parse("!(".repeat(depth) + "has(a)" + ")".repeat(depth));
        assertEquals("!".repeat(depth) + "has(a)", nots.toString());
    }

    @Test
    void deeperNestingIsASyntaxErrorNotAStackOverflow() {
        int depth = NestingLimitedParser.MAX_NESTING + 1;
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class,
                () -> Selector.parse("(".repeat(depth) + "a == 'b'" + ")".repeat(depth)));
        assertEquals("parentheses nested too deeply at offset 256: at most 256 levels are allowed", e.getMessage());
        assertEquals(256, e.position());
        assertThrows(SelectorSyntaxException.class, () -> Selector.parse("(".repeat(100_000)));
        assertThrows(SelectorSyntaxException.class, () -> Selector.parse("!(".repeat(100_000) + "has(a)"));
    }

    @Test
    void errorsBeforeTheDeepNestingAreReportedFirst() {
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class,
                () -> Selector.parse("a == b && " + "(".repeat(1000)));
        assertEquals(5, e.position());
    }

    @Test
    void longRunsWithoutNestingAreFine() {
        assertEquals("has(a)", Selector.parse("!".repeat(100_000) + "has(a)").toString());
        Selector and = Selector.parse(String.join(" && ", java.util.Collections.nCopies(20_000, "has(a)")));
        assertEquals(20_000, ((And) and.ast()).operands().size());
    }
}
