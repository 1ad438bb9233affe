package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import org.junit.jupiter.api.Test;

/** Hundreds of random IR rulesets: every rendered script passes {@code nft -c -f} and loads twice to one listing. */
class RandomRulesetsKernelTest {
    private static final int CASES = 200;

    @Test
    void everyRandomRulesetPassesCheckMode() {
        NftablesBackend backend = new NftablesBackend();
        try (NftNetns ns = NftNetns.create()) {
            RandomIr gen = new RandomIr(20240611L);
            for (int i = 0; i < CASES; i++) {
                Ruleset r = gen.next();
                String script = backend.script(r, new RenderOptions("hostwall", i % 2 == 0));
                NftNetns.Result res = ns.check(script);
                if (!res.ok()) {
                    fail("case " + i + " (seed 20240611) fails nft -c:\n" + res.err() + "\n" + script);
                }
            }
        }
    }

    @Test
    void randomRulesetsLoadIdempotently() {
        NftablesBackend backend = new NftablesBackend();
        try (NftNetns ns = NftNetns.create()) {
            RandomIr gen = new RandomIr(7L);
            for (int i = 0; i < 40; i++) {
                String script = backend.script(gen.next(), RenderOptions.defaults());
                ns.load(script).orFail("case " + i + " nft -f");
                String first = ns.listRuleset();
                ns.load(script).orFail("case " + i + " nft -f again");
                assertEquals(first, ns.listRuleset(), "case " + i);
            }
        }
    }
}
