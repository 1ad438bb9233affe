package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.accept;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No input can add a statement to the script: names are refused, free text is defused. */
class HostileInputTest {
    private static final NftablesBackend BACKEND = new NftablesBackend();

    /** Each would end a token, a string, a statement, a block or the line, or is not ASCII. */
    static final List<String> HOSTILE = List.of(
            "a\"b", "a b", "a;b", "a{b", "a}b", "a\nb", "a#b", "a\\b", "a$b", "a@b", "a*b", "a'b", "a`b", "a/b",
            "\u00e9t\u00e9", "a\u202eb", "a\u0000b", "x\"; drop; #", "");

    /** Fine as quoted interface names, but not as unquoted nft names (keywords, numbers, operators). */
    static final List<String> BAD_UNQUOTED = List.of("tcp", "counter", "ip6", "1abc", "-abc", "0x10", "auto-merge");

    @ParameterizedTest
    @ValueSource(strings = {"chain", "base", "set", "jump", "dispatch-chain", "dispatch-iface", "iface", "table"})
    void hostileNamesAreRefusedNotRendered(String where) {
        List<String> names = new java.util.ArrayList<>(HOSTILE);
        if (where.contains("iface")) {
            names.add("abcdefghijklmnop"); // 16 characters: longer than any interface name
        } else {
            names.addAll(BAD_UNQUOTED);
        }
        for (String bad : names) {
            if (where.equals("table")) {
                // RenderOptions refuses most of these itself; whatever passes it must pass the keyword check too.
                RenderOptions opts;
                try {
                    opts = new RenderOptions(bad, false);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                RenderOptions o = opts;
                assertThrows(IllegalArgumentException.class, () -> BACKEND.script(Samples.other(), o), bad);
                continue;
            }
            Ruleset r = withName(where, bad);
            assertThrows(IllegalArgumentException.class, () -> BACKEND.script(r, RenderOptions.defaults()),
                    where + ": " + NftStrings.visible(bad));
        }
    }

    private static Ruleset withName(String where, String bad) {
        IrFixtures.RulesetBuilder b = IrFixtures.ruleset("n");
        switch (where) {
            case "chain" -> b.chain(bad, rule(accept()));
            case "base" -> b.base(bad, TableKind.FILTER, Hook.INPUT);
            case "set" -> b.set(IrFixtures.netSet(bad, IpFamily.V4, "10.0.0.0/8"))
                    .chain("hw-a", rule(accept(), new Match.AddressSet(Side.SOURCE, bad, IpFamily.V4, false)));
            case "jump" -> b.chain("hw-a", rule(new IrAction.Jump(bad)));
            case "dispatch-chain" -> b.chain("hw-a", rule(IrFixtures.dispatch(InterfaceDirection.IN, "eth0", "hw-a", "eth1", bad)));
            case "dispatch-iface" -> b.chain("hw-a", rule(IrFixtures.dispatch(InterfaceDirection.IN, "eth0", "hw-a", bad, "hw-a")));
            case "iface" -> b.chain("hw-a", rule(accept(), new Match.Interface(InterfaceDirection.OUT, bad, true, false)));
            default -> throw new IllegalArgumentException(where);
        }
        return b.build();
    }

    /** Free text the compiler copies from manifests: it ends up inert inside comments and log prefixes. */
    static Ruleset hostileText() {
        String injection = "x\" accept; drop\n}\ntable inet evil { chain c { type filter hook input priority 0; drop; } }\n#";
        IrRule r1 = rule(accept(), IrFixtures.proto(6)).withNote(injection).withNote("\u00fcn\u00efc\u00f6d\u00e9 \uD83D\uDE00 \u202e");
        IrRule r2 = rule(new IrAction.Log(injection + " ${x} \\ %t")).withNote("}{;#$x'`");
        IrRule r3 = rule(new IrAction.Log("\"")).withNote("\n");
        return IrFixtures.ruleset(injection)
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, r1, r2, r3, rule(new IrAction.Return()))
                .build();
    }

    @Test
    void freeTextStaysInsideItsString() {
        String script = BACKEND.script(hostileText(), RenderOptions.defaults());
        // Only the two header lines are comments, every rule is one line, and no quote is unbalanced.
        assertEquals(2, Pattern.compile("^#", Pattern.MULTILINE).matcher(script).results().count(), script);
        assertTrue(script.lines().noneMatch(l -> l.strip().startsWith("table inet evil")), script);
        for (String line : script.split("\n")) {
            assertEquals(0, line.chars().filter(c -> c == '"').count() % 2, line);
            assertTrue(line.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7e)), line);
        }
    }

    @Test
    void hostileTextParsesAndLoadsAsExactlyTheIntendedRules() {
        String script = BACKEND.script(hostileText(), RenderOptions.defaults());
        try (NftNetns ns = NftNetns.create()) {
            ns.check(script).orFail("nft -c -f");
            ns.load(script).orFail("nft -f");
            String listed = ns.listRuleset();
            assertTrue(listed.startsWith("table inet hostwall {"), listed);
            // Outside strings, the kernel's listing holds only what the IR asked for.
            String code = listed.replaceAll("\"[^\"]*\"", "\"\"");
            assertFalse(code.contains("evil") || code.contains("drop"), listed);
            String chain = ns.nft("-a", "list", "chain", "inet", "hostwall", "hw-filter-input").orFail("list").out();
            assertEquals(4, Pattern.compile("^\t\t.*# handle \\d+$", Pattern.MULTILINE).matcher(chain).results().count(), chain);
            assertEquals(1, ns.nft("list", "tables").orFail("list tables").out().strip().lines().count());
        }
    }
}
