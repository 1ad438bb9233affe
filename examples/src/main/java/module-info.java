/**
 * Programmatic examples: an agent that compiles its node's ruleset, and a generator of large clusters for
 * measurements.
 */
module io.hostwall.examples {
    requires io.hostwall.compiler;

    exports io.hostwall.examples;
}
