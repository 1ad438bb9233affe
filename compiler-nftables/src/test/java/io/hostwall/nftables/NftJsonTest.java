package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.icmp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Hook;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import io.hostwall.spi.RenderOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON writer prints the same model as the script: exact commands for a small table, and for the big samples
 * the same names, comments and rule count as the script. (That nft reads it as the same table is
 * {@link JsonKernelTest}'s.)
 */
class NftJsonTest {
    private static final NftablesBackend BACKEND = new NftablesBackend();

    @Test
    void smallTableExactly() {
        Ruleset r = IrFixtures.ruleset("n\"ode")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        IrFixtures.rule(IrFixtures.accept(), IrFixtures.ct(false, io.hostwall.ir.CtState.ESTABLISHED,
                                io.hostwall.ir.CtState.RELATED)),
                        IrFixtures.rule(new IrAction.Log("a \"b\""), icmp(IpFamily.V4, 8, null, true)).withNote("x\\y"),
                        IrFixtures.rule(new IrAction.SetMark(0x10000, 0x30000)))
                .build();
        assertEquals("""
                {"nftables": [
                {"metainfo": {"json_schema_version": 1}},
                {"add": {"table": {"family": "inet", "name": "hw"}}},
                {"delete": {"table": {"family": "inet", "name": "hw"}}},
                {"add": {"table": {"family": "inet", "name": "hw"}}},
                {"add": {"chain": {"family": "inet", "table": "hw", "name": "hw-filter-input", "type": "filter", \
                "hook": "input", "prio": 0, "policy": "accept"}}},
                {"add": {"set": {"family": "inet", "table": "hw", "name": "icmp4-not-8", "type": ["inet_proto", \
                "inet_service"], "flags": ["interval"], "elem": [{"concat": ["icmp", {"range": [2048, 2303]}]}]}}},
                {"add": {"rule": {"family": "inet", "table": "hw", "chain": "hw-filter-input", "expr": [{"match": \
                {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]}}},
                {"add": {"rule": {"family": "inet", "table": "hw", "chain": "hw-filter-input", "expr": [{"match": \
                {"op": "==", "left": {"meta": {"key": "nfproto"}}, "right": "ipv4"}}, {"match": {"op": "!=", "left": \
                {"concat": [{"meta": {"key": "l4proto"}}, {"payload": {"protocol": "th", "field": "sport"}}]}, \
                "right": "@icmp4-not-8"}}, {"log": {"prefix": "a _b_", "level": "info"}}], "comment": "x_y"}}},
                {"add": {"rule": {"family": "inet", "table": "hw", "chain": "hw-filter-input", "expr": [{"mangle": \
                {"key": {"meta": {"key": "mark"}}, "value": {"|": [{"&": [{"meta": {"key": "mark"}}, 4294770687]}, \
                65536]}}}]}}}
                ]}
                """, BACKEND.json(r, new RenderOptions("hw", false)));
    }

    @Test
    void sameNamesCommentsAndRulesAsTheScript() {
        for (Ruleset r : List.of(Samples.small(), Samples.everything(), Samples.other())) {
            RenderOptions o = new RenderOptions("hostwall", true);
            String script = BACKEND.script(r, o);
            String json = BACKEND.json(r, o);
            long scriptRules = scriptRules(script);
            long jsonRules = json.lines().filter(l -> l.startsWith("{\"add\": {\"rule\"")).count();
            assertEquals(scriptRules, jsonRules, r.node());
            assertEquals(jsonRules, json.lines().filter(l -> l.contains("{\"counter\": null}")).count());
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\t(?:set|map|chain) (\\S+) \\{").matcher(script);
            while (names.find()) {
                assertTrue(json.contains("\"name\": \"" + names.group(1) + "\""), names.group(1));
            }
            java.util.regex.Matcher comments = java.util.regex.Pattern.compile("comment \"([^\"]*)\"").matcher(script);
            while (comments.find()) {
                assertTrue(json.contains("\"comment\": \"" + comments.group(1) + "\""), comments.group(1));
            }
            assertEquals(json, BACKEND.json(r, o), "deterministic");
        }
    }

    /** Lines inside chain blocks, except the base chains' hook lines. */
    private static long scriptRules(String script) {
        long n = 0;
        boolean inChain = false;
        for (String l : script.lines().toList()) {
            if (l.startsWith("\tchain ")) {
                inChain = true;
            } else if (l.equals("\t}")) {
                inChain = false;
            } else if (inChain && l.startsWith("\t\t") && !l.startsWith("\t\ttype filter hook")) {
                n++;
            }
        }
        return n;
    }
}
