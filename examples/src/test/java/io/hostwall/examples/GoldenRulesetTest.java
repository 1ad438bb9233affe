package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.lint.Linter;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.PolicySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The tutorial's rulesets, for every node and both backends, must equal the reviewed golden files under
 * {@code protect-hosts/golden/}. After an intended change: {@code mvn -pl examples -am verify -Dgolden.update=true},
 * then read {@code git diff examples/protect-hosts/golden} as a reviewer would and commit it with the change.
 */
class GoldenRulesetTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> rulesetsEqualTheGoldenFiles() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenarios.Scenario s : Scenarios.ALL) {
            PolicySet set = ManifestLoader.load(s.manifests());
            List<String> nodes = Linter.nodes(set);
            assertFalse(nodes.isEmpty(), s.name() + " has host endpoints");
            for (String node : nodes) {
                Ruleset ruleset = HostwallCompiler.create(CompileOptions.defaults()).compile(set, node).ruleset();
                for (Backend backend : Backends.all().values()) {
                    Map<DocumentKind, String> docs = backend.render(ruleset, RenderOptions.defaults()).documents();
                    for (Map.Entry<DocumentKind, String> doc : docs.entrySet()) {
                        Path file = Scenarios.golden(s).resolve(node + "." + doc.getKey().suffix());
                        tests.add(DynamicTest.dynamicTest(s.name() + "/" + file.getFileName(),
                                () -> check(file, doc.getValue())));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path file, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("no golden file " + file + "; generate it with -Dgolden.update=true and review it");
        }
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("ruleset differs from " + file + " (rerun with -Dgolden.update=true if intended):\n"
                    + UnifiedDiff.of(file.toString(), expected, "compiled", actual));
        }
    }
}
