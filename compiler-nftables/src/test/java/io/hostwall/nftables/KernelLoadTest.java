package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import io.hostwall.ir.testing.IrFixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered scripts in a real kernel, each test in its own network namespace. Skipped without root/nft,
 * failed instead under CI=true (see {@link NftNetns}).
 */
class KernelLoadTest {
    private static final NftablesBackend BACKEND = new NftablesBackend();

    static Stream<Arguments> scripts() {
        return Stream.of(
                Arguments.of("empty", IrFixtures.ruleset("empty").build(), RenderOptions.defaults()),
                Arguments.of("small", Samples.small(), RenderOptions.defaults()),
                Arguments.of("everything", Samples.everything(), RenderOptions.defaults()),
                Arguments.of("everything+counters", Samples.everything(), new RenderOptions("hostwall", true)),
                Arguments.of("other, own table name", Samples.other(), new RenderOptions("hw_Test-1", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void passesNftCheckMode(String name, Ruleset ruleset, RenderOptions options) {
        try (NftNetns ns = NftNetns.create()) {
            ns.check(BACKEND.script(ruleset, options)).orFail("nft -c -f " + name);
            assertEquals("", ns.listRuleset(), "check mode must not commit anything");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void loadingTwiceLeavesTheSameRuleset(String name, Ruleset ruleset, RenderOptions options) {
        String script = BACKEND.script(ruleset, options);
        try (NftNetns ns = NftNetns.create()) {
            ns.load(script).orFail("first nft -f " + name);
            String first = ns.listRuleset();
            ns.load(script).orFail("second nft -f " + name);
            assertEquals(first, ns.listRuleset());
            assertTrue(first.startsWith("table inet " + options.tableName() + " {"), first);
        }
    }

    @Test
    void aSecondRulesetReplacesTheFirstCompletely() {
        String everything = BACKEND.script(Samples.everything(), RenderOptions.defaults());
        String other = BACKEND.script(Samples.other(), RenderOptions.defaults());
        String otherAlone;
        try (NftNetns fresh = NftNetns.create()) {
            fresh.load(other).orFail("nft -f other");
            otherAlone = fresh.listRuleset();
        }
        try (NftNetns ns = NftNetns.create()) {
            ns.load(everything).orFail("nft -f everything");
            String before = ns.listRuleset();
            assertTrue(before.contains("chain hw-policy") && before.contains("set hw4n-nets") && before.contains("map ifmap-"));
            ns.load(other).orFail("nft -f other");
            String after = ns.listRuleset();
            assertEquals(otherAlone, after, "stale chains, sets or maps survived the replacement");
            for (String stale : List.of("hw-policy", "hw4n-nets", "ifmap-", "icmp4-not", "hw-raw-prerouting")) {
                assertFalse(after.contains(stale), stale);
            }
        }
    }

    @Test
    void touchesNoOtherTable() {
        String otherTables = """
                table inet other {
                \tset keep { type ipv4_addr; elements = { 192.0.2.1 } }
                \tchain input { type filter hook input priority 10; policy accept; ip saddr @keep counter drop; }
                \tchain hw-filter-input { counter; }
                }
                table ip hostwall {
                \tchain hw-filter-input { type filter hook input priority 20; policy accept; counter; }
                }
                """;
        try (NftNetns ns = NftNetns.create()) {
            ns.load(otherTables).orFail("nft -f other tables");
            String inetOther = ns.nft("list", "table", "inet", "other").orFail("list").out();
            String ipHostwall = ns.nft("list", "table", "ip", "hostwall").orFail("list").out();
            String script = BACKEND.script(Samples.everything(), RenderOptions.defaults());
            ns.load(script).orFail("nft -f everything");
            ns.load(script).orFail("nft -f everything again");
            assertEquals(inetOther, ns.nft("list", "table", "inet", "other").orFail("list").out());
            assertEquals(ipHostwall, ns.nft("list", "table", "ip", "hostwall").orFail("list").out());
            assertTrue(ns.nft("list", "table", "inet", "hostwall").ok());
        }
    }

    /** A script the kernel refuses changes nothing: the old table stays whole (one transaction). */
    @Test
    void aFailedLoadLeavesTheOldTableInPlace() {
        try (NftNetns ns = NftNetns.create()) {
            ns.load(BACKEND.script(Samples.everything(), RenderOptions.defaults())).orFail("nft -f everything");
            String before = ns.listRuleset();
            String broken = BACKEND.script(Samples.other(), RenderOptions.defaults())
                    .replace("\t\tip saddr @hw4n-other jump hw-other\n", "\t\tip saddr @hw4n-other jump hw-missing\n");
            assertNotEquals(BACKEND.script(Samples.other(), RenderOptions.defaults()), broken);
            assertFalse(ns.load(broken).ok(), "the broken script loaded");
            assertEquals(before, ns.listRuleset());
        }
    }
}
