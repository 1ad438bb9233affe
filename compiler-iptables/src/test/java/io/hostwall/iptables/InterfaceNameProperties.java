package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.accept;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.InterfaceName;
import io.hostwall.spi.DocumentKind;
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
 * dispatch key; every name it refuses is refused. Before, the model accepted {@code "."} and this backend failed on
 * it with an internal error.
 */
class InterfaceNameProperties {
    private static final IptablesBackend BACKEND = new IptablesBackend();

    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> alphabet = Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(16);
        Arbitrary<String> dots = Arbitraries.of(".", "..", "...", "-", "_", ".a", "a.", "..a", "-x", "0");
        Arbitrary<String> hostile = Arbitraries.strings().withChars("ab.\"+/: \t\n;'é").ofMinLength(0)
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

    private static String render(Ruleset r) {
        return BACKEND.render(r, RenderOptions.defaults()).require(DocumentKind.IPTABLES);
    }

    @Property(tries = 2000)
    void whatTheRuleAcceptsRendersAndNothingElseDoes(@ForAll("candidates") String name) {
        if (InterfaceName.isValid(name)) {
            String v4 = render(withInterface(name));
            assertTrue(v4.contains("-i " + name + " "), v4);
        } else {
            assertThrows(IllegalArgumentException.class, () -> render(withInterface(name)),
                    IptablesText.sanitize(name, 40));
        }
        if (InterfaceName.isValidPrefix(name)) {
            assertEquals(name + "+", IptablesText.interfaceName(name, true));
        } else {
            assertThrows(IllegalArgumentException.class, () -> IptablesText.interfaceName(name, true));
        }
    }

    @Example
    void dotAndDotDotAreNotInterfaceNames() {
        for (String name : List.of(".", "..")) {
            assertThrows(IllegalArgumentException.class, () -> IptablesText.interfaceName(name, false), name);
            assertThrows(IllegalArgumentException.class, () -> render(withInterface(name)), name);
        }
    }

    @Example
    void edgeNamesPassTheRestoreCheck() {
        for (String name : List.of("...", "-x", "_", "a.", "abcdefghijklmno")) {
            try (IptablesNetns ns = IptablesNetns.create()) {
                ns.pipe(render(withInterface(name)), "iptables-restore", "--test").orFail();
            }
        }
    }
}
