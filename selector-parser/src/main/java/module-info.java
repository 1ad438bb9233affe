/**
 * Calico's label selector language: parsing, evaluation, canonical form and UIDs
 * ({@link io.hostwall.selector.Selector}). The parser is hand-written; Guava is the only dependency.
 */
module io.hostwall.selector {
    requires transitive com.google.common;

    exports io.hostwall.selector;
}
