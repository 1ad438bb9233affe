package io.hostwall.model.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Integers: plain decimal only, within a long; the fast path for short numbers agrees with the exact one. */
class ScalarsTest {
    private static String integer(String text) {
        List<Problem> problems = new ArrayList<>();
        Optional<Long> value = Scalars.integer(new ManifestNode.Scalar(1, ManifestNode.ScalarType.INTEGER, text, true),
                FieldPath.ROOT, new ProblemReport("t.yaml", problems));
        return value.map(String::valueOf).orElseGet(() -> problems.get(0).message());
    }

    @Test
    void integersAreReadInPlainDecimalWithinALong() {
        assertEquals("0", integer("0"));
        assertEquals("0", integer("-0"));
        assertEquals("7", integer("+7"));
        assertEquals("123456789012345678", integer("123456789012345678"));
        assertEquals("-123456789012345678", integer("-123456789012345678"));
        assertEquals("9223372036854775807", integer("9223372036854775807"));
        assertEquals("-9223372036854775808", integer("-9223372036854775808"));
        assertEquals("number 9223372036854775808 is too large", integer("9223372036854775808"));
        assertEquals("number 9999999999999999999 is too large", integer("9999999999999999999"));
        for (String bad : List.of("007", "0x1F", "1_000", "+", "-", "", "1e3", "+-1", "00")) {
            assertEquals("write integers in plain decimal (no leading zeros, 0x, 0o or _), got " + bad, integer(bad),
                    bad);
        }
    }
}
