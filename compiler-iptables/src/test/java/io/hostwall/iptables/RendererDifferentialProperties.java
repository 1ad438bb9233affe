package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The rewritten renderer prints byte for byte what the renderer before it printed ({@code legacy}, a frozen copy),
 * and refuses exactly the rulesets it refused, with the same message: over random IR of every match and action
 * kind, including the shapes only the general path takes and invalid input. The dataplane's desired state, which
 * is built from the same rendering, is compared too.
 */
class RendererDifferentialProperties {

    /** What rendering gave: the value, or the error's class and message. */
    private record Outcome(Optional<Object> value, String error) {
        static Outcome of(Supplier<Object> render) {
            try {
                return new Outcome(Optional.of(render.get()), "");
            } catch (RuntimeException e) {
                return new Outcome(Optional.empty(), e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    @Property(tries = 1500)
    void documentsAreTheOldRenderersBytes(@ForAll long seed) {
        Ruleset rs = new RandomIr(seed).ruleset();
        RenderOptions options = RenderOptions.defaults();
        Outcome now = Outcome.of(() -> new IptablesBackend().render(rs, options).documents());
        Outcome before = Outcome.of(() -> new io.hostwall.iptables.legacy.IptablesBackend().render(rs, options).documents());
        assertEquals(before, now);
    }

    @Property(tries = 500)
    void desiredStateIsTheOldRenderersState(@ForAll long seed) {
        Ruleset rs = new RandomIr(seed).ruleset();
        Outcome now = Outcome.of(() -> DesiredObjects.of(rs, "hostwall:hook"));
        Outcome before = Outcome.of(() -> io.hostwall.iptables.legacy.LegacyRendering.desired(rs, "hostwall:hook"));
        assertEquals(before, now);
    }

    @Example
    void mostRandomRulesetsRender() {
        // a guard on the generator: the comparisons above mean little if nearly every ruleset were refused
        int rendered = 0;
        for (long seed = 0; seed < 400; seed++) {
            Ruleset rs = new RandomIr(seed).ruleset();
            if (Outcome.of(() -> new IptablesBackend().render(rs, RenderOptions.defaults())).value().isPresent()) {
                rendered++;
            }
        }
        assertTrue(rendered > 100, rendered + " of 400 random rulesets rendered");
    }
}
