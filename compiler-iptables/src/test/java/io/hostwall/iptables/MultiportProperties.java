package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.IrAction;
import io.hostwall.ir.Match;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Splitting keeps the matched port set: for any sorted, disjoint port list, the rendered multiport matches — one
 * rule per split for a positive list, several {@code !} matches in one rule for a negated one — match exactly the
 * ports of the list, positive splits never overlap (so a packet meets at most one rule), and no match holds more
 * than 15 slots.
 */
class MultiportProperties {
    private static final Pattern LIST = Pattern.compile("(!? ?)--(source|destination)-ports (\\S+)");

    @Property(tries = 300)
    void splitsConcatenateToTheInputAndFillGreedily(@ForAll("portLists") List<PortRange> ranges) {
        List<? extends List<PortRange>> splits = MultiportSplitter.split(ranges);
        List<PortRange> concat = new ArrayList<>();
        splits.forEach(concat::addAll);
        assertEquals(ranges, concat);
        for (int i = 0; i < splits.size(); i++) {
            assertFalse(splits.get(i).isEmpty());
            assertTrue(slots(splits.get(i)) <= MultiportSplitter.SLOTS);
            if (i + 1 < splits.size()) {
                assertTrue(slots(splits.get(i)) + MultiportSplitter.slots(splits.get(i + 1).get(0)) > MultiportSplitter.SLOTS,
                        "a split ends only when the next entry does not fit");
            }
        }
    }

    @Property(tries = 300)
    void positiveRenderingMatchesTheSamePortsWithDisjointRules(@ForAll("portLists") List<PortRange> ranges,
            @ForAll boolean source) {
        Side side = source ? Side.SOURCE : Side.DESTINATION;
        List<String> rules = RuleRendererTest.render(rule(new IrAction.Log("x"), new Match.Protocol(6, false),
                new Match.Ports(side, 6, com.google.common.collect.ImmutableList.copyOf(ranges), false)),
                IpFamily.V4, TableKind.FILTER);
        if (ranges.isEmpty()) {
            assertEquals(List.of(), rules, "an empty positive list matches nothing");
            return;
        }
        BitSet union = new BitSet();
        for (String r : rules) {
            List<BitSet> lists = lists(r, false);
            assertEquals(1, lists.size(), r);
            assertFalse(union.intersects(lists.get(0)), "splits overlap: " + r);
            union.or(lists.get(0));
        }
        assertEquals(ports(ranges), union);
    }

    @Property(tries = 300)
    void negatedRenderingIsOneRuleExcludingTheSamePorts(@ForAll("portLists") List<PortRange> ranges) {
        List<String> rules = RuleRendererTest.render(rule(new IrAction.Drop(), new Match.Protocol(17, false),
                new Match.Ports(Side.DESTINATION, 17, com.google.common.collect.ImmutableList.copyOf(ranges), true)),
                IpFamily.V4, TableKind.FILTER);
        assertEquals(1, rules.size());
        BitSet excluded = new BitSet();
        lists(rules.get(0), true).forEach(excluded::or);
        assertEquals(ports(ranges), excluded);
    }

    /** The port lists of {@code rule}, each checked for the slot limit and the expected negation. */
    private static List<BitSet> lists(String rule, boolean negated) {
        List<BitSet> out = new ArrayList<>();
        Matcher m = LIST.matcher(rule);
        while (m.find()) {
            assertEquals(negated, m.group(1).startsWith("!"), rule);
            BitSet s = new BitSet();
            int slots = 0;
            for (String item : m.group(3).split(",")) {
                String[] ab = item.split(":");
                int a = Integer.parseInt(ab[0]);
                int b = Integer.parseInt(ab[ab.length - 1]);
                s.set(a, b + 1);
                slots += ab.length;
            }
            assertTrue(slots <= 15, "more than 15 slots: " + rule);
            out.add(s);
        }
        return out;
    }

    private static BitSet ports(List<PortRange> ranges) {
        BitSet s = new BitSet();
        ranges.forEach(r -> s.set(r.first(), r.last() + 1));
        return s;
    }

    private static int slots(List<PortRange> split) {
        return split.stream().mapToInt(MultiportSplitter::slots).sum();
    }

    /** Sorted, non-overlapping, non-adjacent ranges (the IR's promise), 0 to 60 of them, singles and ranges mixed. */
    @Provide
    Arbitrary<List<PortRange>> portLists() {
        Arbitrary<int[]> step = Combinators.combine(
                Arbitraries.integers().between(2, 900),
                Arbitraries.integers().between(0, 40).edgeCases(c -> c.add(0)))
                .as((gap, len) -> new int[] {gap, len});
        return step.list().ofMinSize(0).ofMaxSize(60).map(steps -> {
            List<PortRange> out = new ArrayList<>();
            int next = 1;
            for (int[] s : steps) {
                int first = next + s[0] - 2;
                int last = first + (s[1] % 3 == 0 ? 0 : s[1]);
                if (last > 65535) {
                    break;
                }
                out.add(new PortRange(first, last));
                next = last + 2;
            }
            return out;
        });
    }
}
