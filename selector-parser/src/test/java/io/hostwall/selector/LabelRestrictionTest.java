package io.hostwall.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Calico's label_restriction_test.go table, plus the {@link LabelRestriction} helpers. */
class LabelRestrictionTest {
    private static final LabelRestriction PRESENT = new LabelRestriction(true, false, Optional.empty());
    private static final LabelRestriction ABSENT = new LabelRestriction(false, true, Optional.empty());

    private static LabelRestriction oneOf(String... values) {
        return new LabelRestriction(true, false, Optional.of(ImmutableSet.copyOf(values)));
    }

    static Stream<Arguments> calicoTable() {
        return Stream.of(
                Arguments.of("", Map.of()),
                Arguments.of("all()", Map.of()),
                Arguments.of("global()", Map.of()),
                Arguments.of("a == 'value'", Map.of("a", oneOf("value"))),
                Arguments.of("has(a)", Map.of("a", PRESENT)),
                Arguments.of("a in {'v1','v2'}", Map.of("a", oneOf("v1", "v2"))),
                Arguments.of("a not in {'v1','v2'}", Map.of()),
                Arguments.of("a contains 'foo'", Map.of("a", PRESENT)),
                Arguments.of("a ends with 'foo'", Map.of("a", PRESENT)),
                Arguments.of("a starts with 'foo'", Map.of("a", PRESENT)),
                Arguments.of("a != 'value'", Map.of()),
                // AND
                Arguments.of("a == 'v1' && a == 'v1'", Map.of("a", oneOf("v1"))),
                Arguments.of("a == 'v1' && a == 'v2'", Map.of("a", oneOf())),
                Arguments.of("a == 'v1' && has(a)", Map.of("a", oneOf("v1"))),
                Arguments.of("a in {'v1','v2'} && a in {'v2','v3'} ", Map.of("a", oneOf("v2"))),
                Arguments.of("a in {'v1','v2', 'v3'} && a in {'v2','v3'} ", Map.of("a", oneOf("v2", "v3"))),
                Arguments.of("has(a) && a == 'v1'", Map.of("a", oneOf("v1"))),
                Arguments.of("has(a) && !has(a)", Map.of("a", new LabelRestriction(true, true, Optional.empty()))),
                Arguments.of("a == 'v1' && b == 'v2'", Map.of("a", oneOf("v1"), "b", oneOf("v2"))),
                Arguments.of("a == 'v1' && all()", Map.of("a", oneOf("v1"))),
                Arguments.of("all() && a == 'v1'", Map.of("a", oneOf("v1"))),
                // OR
                Arguments.of("a == 'v1' || a == 'v2'", Map.of("a", oneOf("v1", "v2"))),
                Arguments.of("has(a) || a == 'v2'", Map.of("a", PRESENT)),
                Arguments.of("a=='v2' || has(a)", Map.of("a", PRESENT)),
                Arguments.of("a=='v2' || has(b)", Map.of()),
                Arguments.of("a=='v2' || (has(b) && has(a))", Map.of("a", PRESENT)),
                Arguments.of("a == 'v1' || b == 'v2'", Map.of()),
                Arguments.of("a == 'v1' || all()", Map.of()),
                Arguments.of("all() || b == 'v2'", Map.of()),
                // NOT
                Arguments.of("!(a == 'value')", Map.of()),
                Arguments.of("!has(a)", Map.of("a", ABSENT)),
                Arguments.of("!!has(a)", Map.of("a", PRESENT)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("calicoTable")
    void matchesCalicosTable(String selector, Map<String, LabelRestriction> expected) {
        assertEquals(expected, Selector.parse(selector).labelRestrictions());
        if (!selector.isEmpty()) {
            // Calico's test: an extra "all() &&" changes nothing.
            assertEquals(expected, Selector.parse("all() && (" + selector + ")").labelRestrictions());
        }
    }

    @Test
    void doubleNegationThroughParenthesesSaysNothing() {
        // Calico only looks through one Not, straight at a Has.
        assertEquals(Map.of(), Selector.parse("!(!has(a))").labelRestrictions());
    }

    @Test
    void emptySetCannotMatch() {
        // Deliberately sharper than Calico, whose parser leaves an empty set nil (no value list).
        LabelRestriction r = Selector.parse("a in {}").labelRestrictions().get("a");
        assertEquals(oneOf(), r);
        assertTrue(r.isUnsatisfiable());
    }

    @Test
    void orUnitesValuesInByteOrder() {
        LabelRestriction r = Selector.parse("a in {'😀'} || a in {'\uFFFF', 'b'}").labelRestrictions().get("a");
        assertEquals(ImmutableSet.of("b", "\uFFFF", "😀").asList(), r.allowedValues().orElseThrow().asList());
    }

    @Test
    void permitsFollowsTheRestriction() {
        assertTrue(PRESENT.permits(Optional.of("")));
        assertFalse(PRESENT.permits(Optional.empty()));
        assertTrue(ABSENT.permits(Optional.empty()));
        assertFalse(ABSENT.permits(Optional.of("x")));
        assertTrue(oneOf("x", "y").permits(Optional.of("y")));
        assertFalse(oneOf("x", "y").permits(Optional.of("z")));
        assertFalse(oneOf("x").permits(Optional.empty()));
    }

    @Test
    void unsatisfiableWhenPresentAndAbsentOrNoValueLeft() {
        assertTrue(Selector.parse("has(a) && !has(a)").labelRestrictions().get("a").isUnsatisfiable());
        assertTrue(Selector.parse("a == 'x' && a == 'y'").labelRestrictions().get("a").isUnsatisfiable());
        assertFalse(Selector.parse("a == 'x' && a in {'x', 'y'}").labelRestrictions().get("a").isUnsatisfiable());
    }

    @Test
    void valuesWithoutPresenceAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new LabelRestriction(false, false, Optional.of(ImmutableSet.of("x"))));
    }

    @Test
    void restrictionMapIsImmutable() {
        Map<String, LabelRestriction> map = Selector.parse("has(a)").labelRestrictions();
        assertThrows(UnsupportedOperationException.class, () -> map.put("b", PRESENT));
    }
}
