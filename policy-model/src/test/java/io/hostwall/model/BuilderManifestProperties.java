package io.hostwall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * A resource built in code with the model's builders and the same resource written as YAML are equal once loaded,
 * or are both refused with the same message; the loader's problem is also located (file, line, field), and its
 * field ends with the field the record named. So the records refuse exactly what the manifest validator refuses,
 * in the same words.
 */
class BuilderManifestProperties {

    @Provide
    Arbitrary<ResourceCases.Case> cases() {
        return ResourceCases.cases();
    }

    @Property(tries = 2000)
    void codeAndManifestAgree(@ForAll("cases") ResourceCases.Case c) {
        Optional<Resource> built;
        Optional<InvalidResourceException> refused;
        try {
            built = Optional.of(c.code().get());
            refused = Optional.empty();
        } catch (InvalidResourceException e) {
            built = Optional.empty();
            refused = Optional.of(e);
        }
        Optional<PolicySet> loaded;
        List<Problem> problems;
        try {
            loaded = Optional.of(ManifestLoader.loadText("case.yaml", c.yaml()));
            problems = List.of();
        } catch (ManifestException e) {
            loaded = Optional.empty();
            problems = e.problems();
        }
        // Both branches must occur, for every kind: checked by the coverage below.
        Statistics.label("outcome").collect(built.isPresent() ? "accepted" : "refused");
        Statistics.label("kind").collect(c.kind(), built.isPresent() ? "accepted" : "refused");
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p > 25);
            coverage.check("refused").percentage(p -> p > 25);
        });
        Statistics.label("kind").coverage(coverage -> {
            for (ResourceKind kind : ResourceKind.values()) {
                coverage.check(kind.manifestName(), "accepted").count(n -> n > 0);
                coverage.check(kind.manifestName(), "refused").count(n -> n > 0);
            }
        });

        if (built.isPresent()) {
            List<Problem> unexpected = problems;
            assertTrue(loaded.isPresent(), () -> "built in code but refused as YAML: " + unexpected);
            assertEquals(List.of(built.get()), loaded.get().all());
            return;
        }
        InvalidResourceException e = refused.orElseThrow();
        if (loaded.isPresent()) {
            fail("refused in code (" + e.getMessage() + ") but loaded from YAML");
        }
        boolean same = problems.stream().anyMatch(p -> p.message().equals(e.problem())
                && p.field().endsWith(e.field()) && p.location().isPresent());
        assertTrue(same, "code: " + e.getMessage() + "\nYAML: " + problems);
    }
}
