package io.hostwall.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.model.PolicySet;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzz target: the whole pipeline, bytes → load → compile → render (both backends) → explain one packet. The
 * project's located errors ({@link ManifestException}, {@link CompileException}) are the expected way to refuse
 * input; any other exception, or an input that takes more than a second, is a crash.
 *
 * <p>The committed inputs in {@code src/test/resources/io/hostwall/cli/PipelineFuzzTestInputs/pipeline} (seeded
 * with the tutorial's manifests) replay in every build, and {@link PipelineCorpusToolsTest} loads what a sample
 * of them renders into the real tools. A campaign is
 * {@code JAZZER_FUZZ=1 mvn -B -o verify -pl cli -am -Dtest=PipelineFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PipelineFuzzTest {
    /** At most this many nodes of one input are compiled (besides node1, which the seeds use). */
    private static final int MAX_NODES = 3;

    /** What one input renders: node → backend → documents; empty when the input is refused. */
    static Optional<Map<String, Map<String, RenderedRuleset>>> run(byte[] bytes) {
        String source = bytes.length > 0 && (bytes[0] == '{' || bytes[0] == '[') ? "fuzz.json" : "fuzz.yaml";
        PolicySet set;
        try {
            set = Hostwall.loadStream(source, new ByteArrayInputStream(bytes));
        } catch (ManifestException e) {
            if (e.problems().isEmpty()) {
                throw new AssertionError("a ManifestException without a problem", e);
            }
            return Optional.empty();
        }
        List<String> nodes = new ArrayList<>(Hostwall.nodes(set).subList(0, Math.min(MAX_NODES, Hostwall.nodes(set).size())));
        if (!nodes.contains("node1")) {
            nodes.add("node1");
        }
        Map<String, Map<String, RenderedRuleset>> out = new LinkedHashMap<>();
        Hostwall hostwall = Hostwall.create();
        for (String node : nodes) {
            CompiledNode compiled;
            try {
                compiled = hostwall.compile(set, node);
            } catch (CompileException e) {
                if (e.problems().isEmpty()) {
                    throw new AssertionError("a CompileException without a problem", e);
                }
                continue;
            }
            Map<String, RenderedRuleset> byBackend = new LinkedHashMap<>();
            for (Backend b : Backends.all().values()) {
                byBackend.put(b.name(), compiled.render(b, RenderOptions.defaults()));
            }
            compiled.explain(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 22).in("eth0").build());
            out.put(node, byBackend);
        }
        return Optional.of(out);
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 1_000_000)
    void pipeline(byte[] bytes) {
        FuzzChecks.timed(bytes.length + " bytes", () -> run(bytes));
    }
}
