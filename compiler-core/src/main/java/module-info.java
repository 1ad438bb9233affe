/**
 * Compiles a policy set for one node into the IR ({@link io.hostwall.compiler}), evaluates packets
 * ({@link io.hostwall.compiler.eval}), explains verdicts ({@link io.hostwall.compiler.explain}) and warns about
 * policy that rarely does what was meant ({@link io.hostwall.compiler.lint}). Planning, chain building, the
 * reference oracle and the IR interpreter are internal.
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
