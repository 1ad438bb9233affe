package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.*;
import static io.hostwall.net.IpFamily.V4;
import static io.hostwall.net.IpFamily.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Hook;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.spi.Backends;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole documents: tables, chain copies, families, hooks, determinism. */
class IptablesBackendTest {
    private static final IptablesBackend BACKEND = new IptablesBackend();

    static Map<DocumentKind, String> docs(Ruleset r) {
        return BACKEND.render(r, RenderOptions.defaults()).documents();
    }

    /** The lines of table {@code table} in {@code doc}, from {@code *table} to {@code COMMIT}. */
    static List<String> table(String doc, String table) {
        List<String> lines = doc.lines().toList();
        int start = lines.indexOf("*" + table);
        assertTrue(start >= 0, "no table " + table);
        int end = lines.subList(start, lines.size()).indexOf("COMMIT") + start;
        return lines.subList(start, end + 1);
    }

    @Test
    void foundThroughTheServiceLoader() {
        assertInstanceOf(IptablesBackend.class, Backends.named("iptables").orElseThrow());
    }

    @Test
    void documentsAndTheirKinds() throws IOException {
        Map<DocumentKind, String> d = docs(Samples.rich());
        assertEquals(List.of(DocumentKind.IPTABLES, DocumentKind.IP6TABLES, DocumentKind.IPSET), List.copyOf(d.keySet()));
        assertEquals(BACKEND.documentKinds(), d.keySet(), "every declared kind, and no other");
        // Written out for reading and for loading by hand (target/rendered-*/ruleset.*).
        write("rendered-rich", d);
        write("rendered-every-feature", docs(Samples.everyFeature()));
    }

    private static void write(String dir, Map<DocumentKind, String> docs) throws IOException {
        Path out = Path.of("target", dir);
        Files.createDirectories(out);
        for (Map.Entry<DocumentKind, String> e : docs.entrySet()) {
            Files.writeString(out.resolve("ruleset." + e.getKey().suffix()), e.getValue());
        }
    }

    @Test
    void noIpsetDocumentWithoutSets() {
        Ruleset r = ruleset("n").base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(accept())).build();
        assertEquals(List.of(DocumentKind.IPTABLES, DocumentKind.IP6TABLES), List.copyOf(docs(r).keySet()));
    }

    @Test
    void smallestDocumentExactly() {
        Ruleset r = ruleset("n1").base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                rule(accept(), iif("lo")).withNote("loopback")).build();
        assertEquals("""
                # hostwall IPv4 for node n1
                # load with: iptables-restore (replaces the raw, mangle and filter tables)
                *raw
                :PREROUTING ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                COMMIT
                *mangle
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                COMMIT
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :hw-filter-input - [0:0]
                -A hw-filter-input -m comment --comment "loopback" -i lo -j ACCEPT
                -A INPUT -m comment --comment "hostwall:hook" -j hw-filter-input
                COMMIT
                """, docs(r).get(DocumentKind.IPTABLES));
    }

    @Test
    void byteIdenticalForEqualRulesets() {
        RenderedRuleset a = BACKEND.render(Samples.rich(), RenderOptions.defaults());
        RenderedRuleset b = BACKEND.render(Samples.rich(), RenderOptions.defaults());
        assertEquals(a, b);
    }

    @Test
    void eachBaseChainIsAnOwnChainHookedFromItsBuiltin() {
        String v4 = docs(Samples.rich()).get(DocumentKind.IPTABLES);
        List<String> raw = table(v4, "raw");
        assertTrue(raw.contains("-A PREROUTING -m comment --comment \"hostwall:hook\" -j hw-raw-prerouting"));
        assertTrue(raw.contains("-A OUTPUT -m comment --comment \"hostwall:hook\" -j hw-raw-output"));
        List<String> mangle = table(v4, "mangle");
        assertTrue(mangle.contains("-A PREROUTING -m comment --comment \"hostwall:hook\" -j hw-mangle-prerouting"));
        assertTrue(mangle.contains("-A POSTROUTING -m comment --comment \"hostwall:hook\" -j hw-mangle-postrouting"));
        List<String> filter = table(v4, "filter");
        for (String h : List.of("INPUT -m comment --comment \"hostwall:hook\" -j hw-filter-input",
                "FORWARD -m comment --comment \"hostwall:hook\" -j hw-filter-forward",
                "OUTPUT -m comment --comment \"hostwall:hook\" -j hw-filter-output")) {
            assertTrue(filter.contains("-A " + h), h);
        }
    }

    @Test
    void hookTagFollowsTheRenderOptions() {
        String v4 = BACKEND.render(Samples.rich(), new RenderOptions("edge", false)).documents().get(DocumentKind.IPTABLES);
        assertTrue(v4.contains("-A INPUT -m comment --comment \"edge:hook\" -j hw-filter-input"));
    }

    @Test
    void chainsAreCopiedIntoEveryTableThatReachesThem() {
        String v4 = docs(Samples.rich()).get(DocumentKind.IPTABLES);
        // The failsafe chain is reached from raw (untracked endpoint chain) and filter (normal endpoint chain).
        assertTrue(table(v4, "raw").contains(":hw-failsafe-in - [0:0]"));
        assertTrue(table(v4, "filter").contains(":hw-failsafe-in - [0:0]"));
        assertFalse(table(v4, "mangle").contains(":hw-failsafe-in - [0:0]"));
        // The egress dispatch is reached from filter OUTPUT and mangle POSTROUTING.
        assertTrue(table(v4, "mangle").contains("-A hw-to -o eth0 -g hw-th-eth0"));
        assertTrue(table(v4, "filter").contains("-A hw-to -o eth0 -g hw-th-eth0"));
        // Unreachable chains are not written.
        assertFalse(v4.contains("hw-unreachable"));
        // Each table gets the same rules for a copied chain.
        List<String> rawFailsafe = table(v4, "raw").stream().filter(l -> l.startsWith("-A hw-failsafe-in ")).toList();
        List<String> filterFailsafe = table(v4, "filter").stream().filter(l -> l.startsWith("-A hw-failsafe-in ")).toList();
        assertEquals(rawFailsafe, filterFailsafe);
        assertEquals(2, rawFailsafe.size());
    }

    @Test
    void rulesGoToTheirFamilysDocumentAndChainsExistInBoth() {
        Map<DocumentKind, String> d = docs(Samples.rich());
        String v4 = d.get(DocumentKind.IPTABLES);
        String v6 = d.get(DocumentKind.IP6TABLES);
        assertTrue(v4.contains("--match-set hw4n-clients src"));
        assertFalse(v4.contains("hw6n-clients"));
        assertTrue(v6.contains("--match-set hw6n-clients src"));
        assertFalse(v6.contains("hw4n-clients"));
        assertFalse(v6.contains("-p icmp"), "an IPv4-only negated ICMP rule stays out of IPv6");
        // A chain whose rules are all IPv6 exists empty in the IPv4 document, so the jump to it resolves.
        assertTrue(v4.contains(":hw-pi-gnp.v6-only - [0:0]"));
        assertFalse(v4.contains("-A hw-pi-gnp.v6-only "));
        assertTrue(v4.contains("-j hw-pi-gnp.v6-only"));
        assertTrue(v6.contains("-A hw-pi-gnp.v6-only -p tcp -m multiport --destination-ports 443 -j MARK --set-xmark 0x10000/0x10000"));
    }

    @Test
    void longChainNamesAreHashedToTwentyEightCharacters() {
        String v4 = docs(Samples.rich()).get(DocumentKind.IPTABLES);
        String hashed = ChainNames.of(Samples.LONG_POLICY);
        assertEquals(28, hashed.length());
        assertTrue(hashed.startsWith("hw-pi-_"));
        assertTrue(v4.contains(":" + hashed + " - [0:0]"));
        assertTrue(v4.contains("-j " + hashed));
        for (String line : v4.lines().toList()) {
            if (line.startsWith(":")) {
                assertTrue(line.substring(1, line.indexOf(' ')).length() <= 28, line);
            }
        }
    }

    @Test
    void unknownJumpTargetsAndBadHooksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> docs(ruleset("n")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-missing"))).build()));
        assertThrows(IllegalArgumentException.class, () -> docs(ruleset("n")
                .base("hw-filter-pre", TableKind.FILTER, Hook.PREROUTING, rule(accept())).build()));
        assertThrows(IllegalArgumentException.class, () -> docs(ruleset("n")
                .base("hw-mangle-input", TableKind.MANGLE, Hook.INPUT, rule(jump("hw-x")))
                .chain("hw-x", rule(reject())).build()), "REJECT reached from mangle");
        assertThrows(IllegalArgumentException.class, () -> docs(ruleset("n")
                .base("hw-a", TableKind.FILTER, Hook.INPUT, rule(accept()))
                .chain("hw-a", rule(accept())).build()), "a base chain and a chain with one name");
    }

    @Test
    void theSameIrChainInTwoTablesIsValidatedPerTable() {
        // Notrack is fine in raw, refused when filter reaches the same chain.
        Ruleset r = ruleset("n")
                .base("hw-raw-prerouting", TableKind.RAW, Hook.PREROUTING, rule(jump("hw-x")))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-x")))
                .chain("hw-x", rule(notrack()))
                .build();
        assertThrows(IllegalArgumentException.class, () -> docs(r));
    }

    @Test
    void ipv6DocumentUsesIcmpv6AndV6Addresses() {
        String v6 = docs(Samples.rich()).get(DocumentKind.IP6TABLES);
        assertTrue(v6.contains("-p ipv6-icmp -m icmp6 --icmpv6-type 128 --source fd00::/8"), v6);
    }

    @Test
    void aLongPortListWithLogIsSplitIntoDisjointRules() {
        String v4 = docs(Samples.rich()).get(DocumentKind.IPTABLES);
        String chain = ChainNames.of(Samples.LONG_POLICY);
        List<String> logs = v4.lines().filter(l -> l.startsWith("-A " + chain + " ") && l.contains("-j LOG")).toList();
        assertEquals(2, logs.size(), String.join("\n", logs));
        assertEquals(2, table(v4, "filter").stream().filter(l -> l.startsWith("-A " + chain + " ")
                && l.contains("-j LOG")).count());
        assertTrue(v4.contains("! -p icmp -j DROP") && v4.contains("-p icmp -m icmp ! --icmp-type 8/0 -j DROP"));
        assertFalse(V4 == V6);
    }
}
