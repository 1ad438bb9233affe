package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON document in a real kernel: {@code nft -j -c -f} accepts it, and it loads the same table as the script.
 * "The same" is what the kernel holds afterwards: the script is loaded in one namespace, the JSON in another, and
 * both are listed with {@code nft -j list table} (handles removed, see {@link NftNetns#listTableJsonWithoutHandles}).
 * Skipped without root/nft, failed instead under CI=true.
 */
class JsonKernelTest {
    private static final NftablesBackend BACKEND = new NftablesBackend();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.hostwall.nftables.KernelLoadTest#scripts")
    void passesNftJsonCheckMode(String name, Ruleset ruleset, RenderOptions options) {
        try (NftNetns ns = NftNetns.create()) {
            ns.checkJson(BACKEND.json(ruleset, options)).orFail("nft -j -c -f " + name);
            assertEquals("", ns.listRuleset(), "check mode must not commit anything");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.hostwall.nftables.KernelLoadTest#scripts")
    void loadsTheSameTableAsTheScriptAndLoadsTwice(String name, Ruleset ruleset, RenderOptions options) {
        String fromScript = listedAfterScript(ruleset, options);
        try (NftNetns ns = NftNetns.create()) {
            String json = BACKEND.json(ruleset, options);
            ns.loadJson(json).orFail("nft -j -f " + name);
            assertEquals(fromScript, ns.listTableJsonWithoutHandles(options.tableName()), name);
            ns.loadJson(json).orFail("nft -j -f again " + name);
            assertEquals(fromScript, ns.listTableJsonWithoutHandles(options.tableName()), name + ", loaded twice");
        }
    }

    /** The JSON replaces a table the script loaded, as the script replaces one the JSON loaded. */
    @Test
    void eachFormReplacesTheOther() {
        RenderOptions o = RenderOptions.defaults();
        String otherFromScript = listedAfterScript(Samples.other(), o);
        try (NftNetns ns = NftNetns.create()) {
            ns.load(BACKEND.script(Samples.everything(), o)).orFail("nft -f everything");
            ns.loadJson(BACKEND.json(Samples.other(), o)).orFail("nft -j -f other");
            assertEquals(otherFromScript, ns.listTableJsonWithoutHandles("hostwall"));
            ns.loadJson(BACKEND.json(Samples.everything(), o)).orFail("nft -j -f everything");
            ns.load(BACKEND.script(Samples.other(), o)).orFail("nft -f other");
            assertEquals(otherFromScript, ns.listTableJsonWithoutHandles("hostwall"));
        }
    }

    /**
     * nft 1.0.6 cannot list some rules it loads: {@code th dport} next to {@code meta l4proto 47} (GRE) aborts the
     * listing ("payload_expr_complete: Assertion ... failed"), in text as in JSON. Such a table cannot be compared
     * by listing; the test skips it and checks that it still compared most cases.
     */
    private static final String NFT_LISTING_BUG = "payload_expr_complete: Assertion";

    @Test
    void randomRulesetsPassCheckModeAndLoadTheSameTable() {
        RandomIr gen = new RandomIr(20240611L);
        int compared = 0;
        try (NftNetns json = NftNetns.create(); NftNetns script = NftNetns.create()) {
            for (int i = 0; i < 200; i++) {
                Ruleset r = gen.next();
                RenderOptions o = new RenderOptions("hostwall", i % 2 == 0);
                String doc = BACKEND.json(r, o);
                NftNetns.Result checked = json.checkJson(doc);
                if (!checked.ok()) {
                    fail("case " + i + " (seed 20240611) fails nft -j -c:\n" + checked.err() + "\n" + doc);
                }
                if (i % 4 == 0) { // loading is slower than checking; every fourth case is compared whole
                    script.load(BACKEND.script(r, o)).orFail("case " + i + " nft -f");
                    json.loadJson(doc).orFail("case " + i + " nft -j -f");
                    NftNetns.Result listed = script.nft("-j", "list", "table", "inet", "hostwall");
                    if (!listed.ok() && listed.err().contains(NFT_LISTING_BUG)) {
                        continue;
                    }
                    assertEquals(script.listTableJsonWithoutHandles("hostwall"),
                            json.listTableJsonWithoutHandles("hostwall"), "case " + i + " (seed 20240611)");
                    compared++;
                }
            }
        }
        assertTrue(compared >= 35, "only " + compared + " of 50 random tables could be listed and compared");
    }

    @Test
    void listingsCompareEveryRule() {
        // The comparison is only as good as the listing: it must show rules, sets with elements and comments.
        String listed = listedAfterScript(Samples.everything(), new RenderOptions("hostwall", true));
        for (String part : new String[] {"\"rule\"", "\"elem\"", "\"comment\"", "\"counter\"", "\"vmap\"", "\"prio\""}) {
            assertTrue(listed.contains(part), part);
        }
    }

    private static String listedAfterScript(Ruleset ruleset, RenderOptions options) {
        try (NftNetns ns = NftNetns.create()) {
            ns.load(BACKEND.script(ruleset, options)).orFail("nft -f");
            return ns.listTableJsonWithoutHandles(options.tableName());
        }
    }
}
