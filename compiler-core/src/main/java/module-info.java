/**
 * Compiles a policy set for one node into the IR ({@link io.hostwall.compiler}), evaluates packets
 * ({@link io.hostwall.compiler.eval}), explains verdicts ({@link io.hostwall.compiler.explain}) and warns about
 * policy that rarely does what was meant ({@link io.hostwall.compiler.lint}). Planning, chain building, the
 * reference oracle and the IR interpreter are internal.
 *
 * <h2>Example: a node agent</h2>
 *
 * <p>Load the cluster's manifests, compile this node's ruleset with the node's own facts (its interfaces and
 * addresses), render it for nftables and explain one packet. The
 * example is {@code io.hostwall.examples.AgentExample} in the {@code examples} module, where it compiles and runs
 * in a test; {@code OverviewExampleTest} keeps the text below identical to it.
 *
 * <pre>{@code
 * // 1. Load and validate every manifest; all problems are reported at once.
 * PolicySet cluster;
 * try {
 *     cluster = Hostwall.load(manifests);
 * } catch (ManifestException e) {
 *     e.problems().forEach(System.err::println);
 *     return 2;
 * }
 *
 * // 2. Compile this node with its own facts (they bind host endpoints that only list expectedIPs).
 * CompiledNode compiled;
 * try {
 *     compiled = Hostwall.create().compile(cluster, node, facts);
 * } catch (CompileException e) {
 *     e.problems().forEach(System.err::println);
 *     return 2;
 * }
 * for (Problem warning : compiled.warnings()) {
 *     System.err.println("warning: " + warning);
 * }
 *
 * // 3. Render it for nftables and write the script; an agent would now run `nft -f OUT_FILE`.
 * String script = compiled.render("nftables").require(DocumentKind.NFT);
 * Files.writeString(out, script, StandardCharsets.UTF_8);
 *
 * // 4. Explain a packet: an outside client connecting to the NodePort on eth0.
 * Explanation why = compiled.explain(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 31852).in("eth0").build());
 * System.out.println(why.text());
 * }</pre>
 */
module io.hostwall.compiler {
    requires transitive com.google.common;
    requires transitive io.hostwall.ir;
    requires transitive io.hostwall.model;
    // Policy test files are YAML or JSON, read with line numbers.
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports io.hostwall.compiler;
    exports io.hostwall.compiler.eval;
    exports io.hostwall.compiler.explain;
    exports io.hostwall.compiler.lint;
    exports io.hostwall.compiler.policytest;
    exports io.hostwall.compiler.diff;
    exports io.hostwall.compiler.graph;
    exports io.hostwall.compiler.agent;
}
