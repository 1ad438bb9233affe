package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.*;
import static io.hostwall.net.IpFamily.V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No input can inject syntax: free text is escaped, names are hashed or refused, and the kernel loads the result
 * with exactly the rules the IR asked for.
 */
class HostileNamesTest {
    private static final String INJECT = "x\" -j ACCEPT\n-A INPUT -j DROP\r\nCOMMIT\n*nat\n\\\"'`$(reboot)";
    private static final String HOSTILE_CHAIN = "hw-pi-gnp.evil\"\n-A INPUT -j DROP";

    static Ruleset hostile() {
        return ruleset("node\n*filter\n-A INPUT -j DROP\nCOMMIT")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(jump(HOSTILE_CHAIN)).withNote(INJECT).withNote("üñí©ødé ☃ " + "z".repeat(400)),
                        rule(jump("LOG")),
                        rule(log(INJECT), proto(6)).withNote("\u0000\u0007\t"))
                .chain(HOSTILE_CHAIN, rule(accept(), iif("eth0")).withNote(INJECT))
                .chain("LOG", rule(ret()))
                .build();
    }

    @Test
    void freeTextIsEscapedAndNamesHashed() {
        Map<DocumentKind, String> docs = new IptablesBackend().render(hostile(), RenderOptions.defaults()).documents();
        String v4 = docs.get(DocumentKind.IPTABLES);
        String evil = ChainNames.of(HOSTILE_CHAIN);
        String log = ChainNames.of("LOG");
        assertTrue(evil.matches("hw-pi-_[A-Za-z0-9_-]{21}"), evil);
        assertTrue(log.matches("x-_[A-Za-z0-9_-]{25}"), log);
        List<String> lines = v4.lines().toList();
        for (String line : lines) {
            assertTrue(line.startsWith("#") || line.startsWith("*") || line.startsWith(":") || line.startsWith("-A ")
                    || line.equals("COMMIT"), "unexpected line: " + line);
            assertFalse(line.chars().anyMatch(c -> c < 0x20 || c > 0x7e), "non-printable in: " + line);
        }
        // Every table section is well-formed: *table ... COMMIT, three of them, nothing in between.
        assertEquals(List.of("*raw", "*mangle", "*filter"), lines.stream().filter(l -> l.startsWith("*")).toList());
        assertEquals(3, lines.stream().filter(l -> l.equals("COMMIT")).count());
        // The only rule in a built-in chain is the hook.
        assertEquals(List.of("-A INPUT -m comment --comment \"hostwall:hook\" -j hw-filter-input"),
                lines.stream().filter(l -> l.startsWith("-A INPUT")).toList());
        String quotedInject = IptablesText.quoted(INJECT, 255);
        assertEquals("\"x_ -j ACCEPT_-A INPUT -j DROP__COMMIT_*nat____`$(reboot)\"", quotedInject);
        assertTrue(v4.contains("-A hw-filter-input -m comment --comment " + quotedInject
                + " -m comment --comment \"" + "_____d_ _ " + "z".repeat(255 - 10) + "\" -j " + evil + "\n"));
        assertTrue(v4.contains("-A hw-filter-input -j " + log + "\n"));
        assertTrue(v4.contains("-A hw-filter-input -m comment --comment \"___\" -p tcp -j LOG --log-prefix \"x_ -j ACCEPT_-A INPUT -j DROP\" --log-level 5\n"));
        assertTrue(v4.contains("-A " + evil + " -m comment --comment " + quotedInject + " -i eth0 -j ACCEPT\n"));
        for (String line : lines) {
            List<String> words = SavedTables.words(line);
            if (line.startsWith("-A ")) {
                assertFalse(words.subList(2, words.size()).contains("-A"), "a second -A inside: " + line);
            }
        }
    }

    @Test
    void hostileInterfaceAndSetNamesAreRefused() {
        IptablesBackend b = new IptablesBackend();
        for (String iface : List.of("eth0 -j ACCEPT", "eth0\n", "a\"b", "", "sixteen-chars-xx", "eth+", "..")) {
            Ruleset r = ruleset("n").base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(accept(), iif(iface))).build();
            assertThrows(IllegalArgumentException.class, () -> b.render(r, RenderOptions.defaults()), iface);
            Ruleset d = ruleset("n").base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-d")))
                    .chain("hw-d", rule(dispatch(InterfaceDirection.IN, iface, "hw-e"))).chain("hw-e", rule(drop())).build();
            assertThrows(IllegalArgumentException.class, () -> b.render(d, RenderOptions.defaults()), iface);
        }
        Ruleset s = ruleset("n").base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                rule(accept(), srcSet("evil src -j DROP", V4))).set(netSet("evil src -j DROP", V4, "10.0.0.0/8")).build();
        assertThrows(IllegalArgumentException.class, () -> b.render(s, RenderOptions.defaults()));
    }

    @Test
    void theKernelLoadsItWithNoInjectedRule() {
        Map<DocumentKind, String> docs = new IptablesBackend().render(hostile(), RenderOptions.defaults()).documents();
        try (IptablesNetns ns = IptablesNetns.create()) {
            ns.pipe(docs.get(DocumentKind.IPTABLES), "iptables-restore", "--test").orFail();
            ns.pipe(docs.get(DocumentKind.IPTABLES), "iptables-restore").orFail();
            ns.pipe(docs.get(DocumentKind.IP6TABLES), "ip6tables-restore").orFail();
            String save = ns.save("iptables-save");
            SavedTables.Table filter = SavedTables.parse(save).table("filter");
            assertEquals(List.of("INPUT"), filter.rules().stream().map(SavedTables.Rule::chain)
                    .filter(c -> c.equals("INPUT") || c.equals("OUTPUT") || c.equals("FORWARD")).toList());
            assertEquals(6, filter.rules().size(), save);
            assertTrue(SavedTables.parse(save).table("nat").rules().isEmpty());
            assertTrue(save.contains("--log-prefix \"x_ -j ACCEPT_-A INPUT -j DROP\""), save);
        }
    }
}
