package io.hostwall.compiler.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelIndexTest {

    /** Every label map over keys a, b with values x, y or absent. */
    private static List<ImmutableSortedMap<String, String>> universe() {
        List<ImmutableSortedMap<String, String>> out = new ArrayList<>();
        String[] vals = {null, "x", "y", ""};
        for (String a : vals) {
            for (String b : vals) {
                ImmutableSortedMap.Builder<String, String> m = ImmutableSortedMap.naturalOrder();
                if (a != null) {
                    m.put("a", a);
                }
                if (b != null) {
                    m.put("b", b);
                }
                out.add(m.build());
            }
        }
        return out;
    }

    @Test
    void indexedSelectionEqualsTestingEverySelector() {
        List<ImmutableSortedMap<String, String>> items = universe();
        LabelIndex<ImmutableSortedMap<String, String>> index = new LabelIndex<>(items, m -> m);
        String[] selectors = {"all()", "has(a)", "!has(a)", "a == 'x'", "a != 'x'", "a in {'x', 'y'}",
            "a not in {'x'}", "a == 'x' && b == 'y'", "a == 'x' || b == 'y'", "has(a) && !has(b)",
            "a == 'x' && a == 'y'", "a contains 'x'", "a starts with ''", "!(a == 'x')", "has(c)", "c == 'x'",
            "a in {}", "(a == 'x' || a == 'y') && has(b)"};
        for (String s : selectors) {
            Selector sel = Selector.parse(s);
            ImmutableList<ImmutableSortedMap<String, String>> expected =
                    items.stream().filter(sel::matches).collect(ImmutableList.toImmutableList());
            assertEquals(expected, index.select(sel), s);
        }
    }
}
