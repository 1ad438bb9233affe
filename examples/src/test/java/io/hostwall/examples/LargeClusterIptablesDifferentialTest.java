package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.iptables.IptablesBackend;
import io.hostwall.model.PolicySet;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The iptables renderer prints, for nodes of the benchmark's generated cluster (5,000 policies, 1,000 nodes, 500
 * network sets), byte for byte what the renderer before its rewrite printed (the frozen copy in compiler-iptables'
 * test jar): megabytes of real compiler output, next to the random IR of compiler-iptables' own differential test.
 * It lives here because the backend may not depend on the generator's model.
 */
class LargeClusterIptablesDifferentialTest {
    @Test
    void largeClusterNodesRenderAsBefore() throws CompileException {
        PolicySet cluster = LargeClusterGenerator.cluster(5000, 1000, 500, 1);
        Hostwall hostwall = Hostwall.create();
        for (String node : new String[] {"node-1", "node-777"}) {
            CompiledNode compiled = hostwall.compile(cluster, node);
            RenderOptions options = RenderOptions.defaults();
            Map<DocumentKind, String> now = compiled.render(new IptablesBackend(), options).documents();
            Map<DocumentKind, String> before =
                    new io.hostwall.iptables.legacy.IptablesBackend().render(compiled.ruleset(), options).documents();
            assertEquals(before.keySet(), now.keySet(), node);
            for (DocumentKind k : before.keySet()) {
                // assertTrue rather than assertEquals: a failure must not print megabytes
                assertTrue(before.get(k).equals(now.get(k)), node + ": the " + k + " document differs");
            }
            assertTrue(now.get(DocumentKind.IPTABLES).length() > 1_000_000, node + ": a large document");
        }
    }
}
