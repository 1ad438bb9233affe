package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.port;
import static io.hostwall.ir.testing.IrFixtures.range;
import static io.hostwall.ir.testing.IrFixtures.singles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Felix's SplitPortList examples: a port takes one slot, a range two, 15 slots per multiport match. */
class MultiportSplitterTest {

    @Test
    void fifteenPortsFitOneSplit() {
        assertEquals(1, MultiportSplitter.split(List.of(singles(15))).size());
        assertEquals(List.of(15, 1), sizes(MultiportSplitter.split(List.of(singles(16)))));
    }

    @Test
    void rangesTakeTwoSlots() {
        List<PortRange> sevenRangesAndAPort = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sevenRangesAndAPort.add(range(100 * i + 1, 100 * i + 10));
        }
        sevenRangesAndAPort.add(port(5000));
        assertEquals(List.of(8), sizes(MultiportSplitter.split(sevenRangesAndAPort)));
        sevenRangesAndAPort.add(port(5002));
        assertEquals(List.of(8, 1), sizes(MultiportSplitter.split(sevenRangesAndAPort)));
        List<PortRange> eightRanges = new ArrayList<>(sevenRangesAndAPort.subList(0, 7));
        eightRanges.add(range(6000, 6001));
        assertEquals(List.of(7, 1), sizes(MultiportSplitter.split(eightRanges)), "14 slots + a range of 2 > 15");
    }

    @Test
    void emptyListHasNoSplit() {
        assertEquals(List.of(), MultiportSplitter.split(List.of()));
    }

    @Test
    void listSyntax() {
        assertEquals("22,8000:8080", MultiportSplitter.list(List.of(port(22), range(8000, 8080))));
    }

    @Test
    void overlappingInputIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> MultiportSplitter.requireSortedDisjoint(List.of(range(1, 10), port(10))));
    }

    private static List<Integer> sizes(List<? extends List<?>> splits) {
        return splits.stream().map(List::size).toList();
    }
}
