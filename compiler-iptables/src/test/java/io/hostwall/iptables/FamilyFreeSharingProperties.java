package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Ruleset;
import io.hostwall.net.IpFamily;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A family's sections rendered after the other family's (taking the lines the other family kept per IR chain, see
 * {@code RuleRenderer.chain}) equal the same family's sections rendered by a renderer that has seen nothing, in
 * either order of the families, also when rendering fails (the same error).
 */
class FamilyFreeSharingProperties {

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
            assertEquals(outcome(() -> new TableRenderer(rs).render(first)), firstShared);
            assertEquals(outcome(() -> new TableRenderer(rs).render(second)), secondShared);
        }
    }

    @Example
    void chainsAreShared() {
        // a guard on the property: it means little unless whole chains and single rules are taken from the cache
        int wholeChains = 0;
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
        assertTrue(chainsWithSomeShared > 50, chainsWithSomeShared + " chains with some lines shared");
    }
}
