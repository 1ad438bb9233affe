package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.accept;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.InterfaceName;
import io.hostwall.spi.RenderOptions;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every name {@link InterfaceName} accepts (the rule the model enforces) renders, as a match, a prefix and a
 * dispatch key; every name it refuses is refused. Before, {@code "."} and {@code ".."} were accepted by the model,
 * rendered here and refused by the iptables backend.
 */
class InterfaceNameProperties {
    private static final NftablesBackend BACKEND = new NftablesBackend();

    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> alphabet = Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(16);
        Arbitrary<String> dots = Arbitraries.of(".", "..", "...", "-", "_", ".a", "a.", "..a", "-x", "0");
        Arbitrary<String> hostile = Arbitraries.strings().withChars("ab.\"*/: \t\n;{}é").ofMinLength(0)
                .ofMaxLength(17);
        return Arbitraries.oneOf(alphabet, dots, hostile);
    }

    static Ruleset withInterface(String name) {
        return IrFixtures.ruleset("n")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(accept(), new Match.Interface(InterfaceDirection.IN, name, false, false)),
                        rule(IrFixtures.dispatch(InterfaceDirection.IN, name, "hw-a", "lo", "hw-a")))
                .chain("hw-a", rule(accept()))
                .build();
    }

    @Property(tries = 2000)
    void whatTheRuleAcceptsRendersAndNothingElseDoes(@ForAll("candidates") String name) {
        if (InterfaceName.isValid(name)) {
            String script = BACKEND.script(withInterface(name), RenderOptions.defaults());
            assertTrue(script.contains("iifname \"" + name + "\""), script);
        } else {
            assertThrows(IllegalArgumentException.class,
                    () -> BACKEND.script(withInterface(name), RenderOptions.defaults()), NftStrings.visible(name));
        }
        if (InterfaceName.isValidPrefix(name)) {
            assertTrue(NftNames.ifname(name, true).equals("\"" + name + "*\""));
        }
    }

    @Example
    void dotAndDotDotAreNotInterfaceNames() {
        for (String name : List.of(".", "..")) {
            assertThrows(IllegalArgumentException.class, () -> NftNames.ifname(name, false), name);
            assertThrows(IllegalArgumentException.class,
                    () -> BACKEND.script(withInterface(name), RenderOptions.defaults()), name);
        }
    }

    @Example
    void edgeNamesPassTheKernelsCheck() {
        // nft -c asks the kernel: the names at the edges of the rule (dots, dashes, 15 characters) load.
        for (String name : List.of("...", "-x", "_", "a.", "abcdefghijklmno")) {
            try (NftNetns ns = NftNetns.create()) {
                ns.check(BACKEND.script(withInterface(name), RenderOptions.defaults())).orFail("nft -c -f " + name);
            }
        }
    }
}
