package io.hostwall.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.io.IOException;
import java.io.StringReader;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DataplaneSnapshotTest {

    private static DataplaneSnapshot roundTrip(DataplaneSnapshot s) throws IOException {
        return DataplaneSnapshot.read(new StringReader(s.text()));
    }

    @Property(tries = 200)
    void anyStateAndAnyTextRoundTrips(@ForAll long seed, @ForAll String rule, @ForAll String print)
            throws IOException {
        DesiredState state = States.state(seed);
        DesiredObject.Chain odd = new DesiredObject.Chain(ObjectId.chain("ip filter", "odd"), rule,
                ImmutableList.of(rule, "", " \\ \n\r\t\u0000\u2028x"), ImmutableSortedSet.of());
        java.util.List<DesiredObject> all = new java.util.ArrayList<>(state.objects().values());
        all.add(odd);
        DataplaneSnapshot s = new DataplaneSnapshot(DesiredState.of(all),
                ImmutableSortedMap.of(odd.id(), print, ObjectId.set("x", "y"), "abc"));
        assertEquals(s, roundTrip(s));
        assertEquals(s.text(), roundTrip(s).text());
        assertTrue(s.text().lines().allMatch(l -> l.chars().noneMatch(Character::isISOControl)));
    }

    @Test
    void theTextIsReadable() throws IOException {
        DataplaneSnapshot s = new DataplaneSnapshot(DeltaTest.state(DeltaTest.set("s", "type ipv4_addr", "10.0.0.1"),
                DeltaTest.chain("c", java.util.List.of("ip saddr @s accept"), ObjectId.set("inet hostwall", "s"))),
                ImmutableSortedMap.of(ObjectId.chain("inet hostwall", "c"), "f00d"));
        assertEquals("""
                hostwall-dataplane-snapshot 1
                set inet\\shostwall s type\\sipv4_addr
                element 10.0.0.1
                chain inet\\shostwall c \\e
                rule ip\\ssaddr\\s@s\\saccept
                uses set inet\\shostwall s
                fingerprint chain inet\\shostwall c f00d
                end
                """, s.text());
        assertEquals(DataplaneSnapshot.empty(), roundTrip(DataplaneSnapshot.empty()));
    }

    private static int refusedAt(String text) {
        return assertThrows(DataplaneSnapshot.MalformedSnapshotException.class,
                () -> DataplaneSnapshot.read(new StringReader(text))).line();
    }

    @Test
    void refusesAMalformedFileWithItsLine() {
        String head = DataplaneSnapshot.MAGIC + "\n";
        assertEquals(1, refusedAt("hello\n"));
        assertEquals(1, refusedAt(""));
        assertEquals(2, refusedAt(head));
        assertEquals(2, refusedAt(head + "element a\nend\n"));
        assertEquals(3, refusedAt(head + "set a b c\nrule r\nend\n"));
        assertEquals(2, refusedAt(head + "chain a b \\q\nend\n"));
        assertEquals(2, refusedAt(head + "chain a b c d\nend\n"));
        assertEquals(2, refusedAt(head + "chain a b \\u00\nend\n"));
        assertEquals(3, refusedAt(head + "set a b c\nset a b c\nend\n"));
        assertEquals(2, refusedAt(head + "fingerprint bogus a b c\nend\n"));
        assertEquals(3, refusedAt(head + "end\nset a b c\n"));
        assertEquals(2, refusedAt(head + "chain a b  c\nend\n"));
        assertEquals(2, refusedAt(head + "hooks a b\u0001\nend\n"));
    }
}
