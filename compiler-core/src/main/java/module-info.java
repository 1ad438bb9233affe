/**
 * Compiles a policy set for one node into the IR ({@link io.hostwall.compiler}), evaluates packets
 * ({@link io.hostwall.compiler.eval}), explains verdicts ({@link io.hostwall.compiler.explain}) and warns about
 * policy that rarely does what was meant ({@link io.hostwall.compiler.lint}). Planning, chain building, the
 * reference oracle and the IR interpreter are internal.
 *
 * <h2>Example: a node agent</h2>
 *
 * <p>Load the cluster's manifests, compile this node's ruleset, render it for nftables and explain one packet. The
 * example is {@code io.hostwall.examples.AgentExample} in the {@code examples} module, where it compiles and runs
 * in a test; {@code OverviewExampleTest} keeps the text below identical to it.
 *
 * <pre>{@code
 * // 1. Load and validate every manifest; all problems are reported at once.
 * PolicySet cluster;
 * try {
 *     cluster = ManifestLoader.load(List.of(manifests));
 * } catch (ManifestException e) {
 *     e.problems().forEach(p -> System.err.println(p));
 *     return 2;
 * }
 *
 * // 2. Compile this node's plan.
 * HostwallCompiler compiler = HostwallCompiler.create(CompileOptions.defaults());
 * CompiledNode compiled;
 * try {
 *     compiled = compiler.compile(cluster, node);
 * } catch (CompileException e) {
 *     e.problems().forEach(p -> System.err.println(p));
 *     return 2;
 * }
 * for (Problem warning : compiled.warnings()) {
 *     System.err.println("warning: " + warning);
 * }
 *
 * // 3. Render it for nftables and write the script; an agent would now run `nft -f OUT_FILE`.
 * Backend nft = Backends.named("nftables").orElseThrow();
 * String script = nft.render(compiled.ruleset(), RenderOptions.defaults()).documents().get("nft");
 * Files.writeString(out, script, StandardCharsets.UTF_8);
 *
 * // 4. Explain a packet: an outside client connecting to the NodePort on eth0.
 * Packet packet = new Packet(io.hostwall.net.IpFamily.V4, InetAddress.getByName("203.0.113.7"),
 *         InetAddress.getByName("10.240.0.11"), 6, OptionalInt.of(40000), OptionalInt.of(31852),
 *         OptionalInt.empty(), OptionalInt.empty(), Optional.of("eth0"), Optional.empty(), Optional.empty(),
 *         Packet.ConnState.NEW);
 * Explanation why = Explanation.of(cluster, node, compiler.options(), compiled.ruleset(), packet);
 * System.out.println(why.text());
 * }</pre>
 */
module io.hostwall.compiler {
    requires transitive com.google.common;
    requires transitive io.hostwall.ir;
    requires transitive io.hostwall.model;

    exports io.hostwall.compiler;
    exports io.hostwall.compiler.eval;
    exports io.hostwall.compiler.explain;
    exports io.hostwall.compiler.lint;
}
