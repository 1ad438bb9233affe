package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Sections rendered while taking what other tables and the other family kept of each IR chain ({@code KeptChain},
 * {@code RuleRenderer.chain}) equal the sections of a renderer that renders every chain in every table and family
 * itself, in either order of the families, also when rendering fails (the same error).
 */
class ChainSharingProperties {

    private static Object outcome(Supplier<Object> render) {
        try {
            return render.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Property(tries = 1000)
    void sharedLinesAreTheLinesRenderedAfresh(@ForAll long seed) {
        Ruleset rs = new RandomIr(seed).ruleset();
        if (outcome(() -> new TableRenderer(rs)) instanceof String) {
            return; // refused before any rule is rendered
        }
        for (IpFamily first : IpFamily.values()) {
            IpFamily second = first == IpFamily.V4 ? IpFamily.V6 : IpFamily.V4;
            TableRenderer shared = new TableRenderer(rs);
            Object firstShared = outcome(() -> shared.render(first));
            Object secondShared = outcome(() -> shared.render(second));
            assertEquals(outcome(() -> new TableRenderer(rs, false).render(first)), firstShared);
            assertEquals(outcome(() -> new TableRenderer(rs, false).render(second)), secondShared);
        }
    }

    @Example
    void chainsAreShared() {
        // a guard on the property: it means little unless whole chains and single rules are taken from the cache
        int wholeChains = 0;
        int acrossTables = 0;
        int chainsWithSomeShared = 0;
        for (long seed = 0; seed < 400; seed++) {
            Ruleset rs = new RandomIr(seed).ruleset();
            List<TableSection> v4;
            List<TableSection> v6;
            try {
                TableRenderer tables = new TableRenderer(rs);
                v4 = tables.render(IpFamily.V4);
                v6 = tables.render(IpFamily.V6);
            } catch (RuntimeException e) {
                continue;
            }
            for (List<TableSection> doc : List.of(v4, v6)) {
                java.util.Set<Object> lists = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                for (TableSection s : doc) {
                    for (OwnChain c : s.chains()) {
                        if (!c.rules().isEmpty() && !lists.add(c.rules())) {
                            acrossTables++;
                        }
                    }
                }
            }
            for (int t = 0; t < v4.size(); t++) {
                List<OwnChain> a = v4.get(t).chains();
                List<OwnChain> b = v6.get(t).chains();
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    if (!a.get(i).name().equals(b.get(i).name()) || a.get(i).rules().isEmpty()) {
                        continue;
                    }
                    List<String> x = a.get(i).rules();
                    List<String> y = b.get(i).rules();
                    if (x == y) {
                        wholeChains++;
                    } else if (y.stream().anyMatch(l -> x.stream().anyMatch(k -> k == l))) {
                        chainsWithSomeShared++;
                    }
                }
            }
        }
        assertTrue(wholeChains > 50, wholeChains + " whole chains shared");
        assertTrue(acrossTables > 20, acrossTables + " chains shared between tables");
        assertTrue(chainsWithSomeShared > 50, chainsWithSomeShared + " chains with some lines shared");
    }

    /** Raw, mangle and filter base chains that all jump to chain {@code hw-shared}, which has {@code rules}. */
    private static Ruleset everyTableJumpsTo(io.hostwall.ir.IrRule... rules) {
        return ruleset("node1")
                .base("hw-raw-prerouting", TableKind.RAW, Hook.PREROUTING, rule(jump("hw-shared")))
                .base("hw-mangle-prerouting", TableKind.MANGLE, Hook.PREROUTING, rule(jump("hw-shared")))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-shared")))
                .chain("hw-shared", rules)
                .build();
    }

    private static List<String> shared(List<TableSection> sections, TableKind table) {
        for (TableSection s : sections) {
            if (s.table() == table) {
                for (OwnChain c : s.chains()) {
                    if (c.name().equals("hw-shared")) {
                        return c.rules();
                    }
                }
            }
        }
        throw new AssertionError("no hw-shared in " + table);
    }

    @Example
    void aChainOfPlainRulesIsRenderedOnceForEveryTableAndFamily() {
        Ruleset rs = everyTableJumpsTo(rule(accept(), mark(1, 1)), rule(drop(), proto(6)));
        TableRenderer tables = new TableRenderer(rs);
        List<TableSection> v4 = tables.render(IpFamily.V4);
        List<TableSection> v6 = tables.render(IpFamily.V6);
        List<String> once = shared(v4, TableKind.RAW);
        for (TableKind t : TableKind.values()) {
            assertSame(once, shared(v4, t));
            assertSame(once, shared(v6, t));
        }
        assertEquals(new TableRenderer(rs, false).render(IpFamily.V6), v6);
    }

    @Example
    void aConntrackMatchIsNotTakenIntoRaw() {
        // raw refuses conntrack matches: mangle's and filter's copies are alike, raw's rendering fails
        Ruleset rs = ruleset("node1")
                .base("hw-mangle-prerouting", TableKind.MANGLE, Hook.PREROUTING, rule(jump("hw-shared")))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-shared")))
                .chain("hw-shared", rule(accept(), ct(CtState.ESTABLISHED)))
                .build();
        List<TableSection> v4 = new TableRenderer(rs).render(IpFamily.V4);
        assertSame(shared(v4, TableKind.MANGLE), shared(v4, TableKind.FILTER));
        assertEquals(new TableRenderer(rs, false).render(IpFamily.V4), v4);
    }

    @Example
    void notrackIsRefusedOutsideRawAlthoughRawRenderedTheChain() {
        // raw renders the chain first; taking its lines into mangle would hide the error
        Ruleset rs = everyTableJumpsTo(rule(notrack(), mark(1, 1)));
        IllegalArgumentException unshared = assertThrows(IllegalArgumentException.class,
                () -> new TableRenderer(rs, false).render(IpFamily.V4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TableRenderer(rs).render(IpFamily.V4));
        assertEquals(unshared.getMessage(), e.getMessage());
    }

    @Example
    void rejectIsWrittenInFilterOnly() {
        // filter alone accepts REJECT; a chain reached from filter and mangle fails in mangle, shared or not
        Ruleset rs = ruleset("node1")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-shared")))
                .base("hw-mangle-prerouting", TableKind.MANGLE, Hook.PREROUTING, rule(jump("hw-shared")))
                .chain("hw-shared", rule(reject(), proto(6)))
                .build();
        IllegalArgumentException unshared = assertThrows(IllegalArgumentException.class,
                () -> new TableRenderer(rs, false).render(IpFamily.V4));
        assertEquals(unshared.getMessage(),
                assertThrows(IllegalArgumentException.class, () -> new TableRenderer(rs).render(IpFamily.V4)).getMessage());
        // and a family-free chain of filter only is taken by the other family as it is
        Ruleset filterOnly = ruleset("node1")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-shared")))
                .chain("hw-shared", rule(reject(), proto(6)))
                .build();
        TableRenderer tables = new TableRenderer(filterOnly);
        List<String> v4 = shared(tables.render(IpFamily.V4), TableKind.FILTER);
        assertSame(v4, shared(tables.render(IpFamily.V6), TableKind.FILTER));
        assertNotSame(v4, shared(new TableRenderer(filterOnly, false).render(IpFamily.V6), TableKind.FILTER));
    }
}
