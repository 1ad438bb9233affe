/**
 * Calico's label selector language: parsing, evaluation, canonical form and UIDs
 * ({@link io.hostwall.selector.Selector}). The generated ANTLR lexer and parser live in an unexported package.
 */
// ANTLR's runtime has no module descriptor; its Automatic-Module-Name is stable and not in the exported API.
@SuppressWarnings("requires-automatic")
module io.hostwall.selector {
    requires transitive com.google.common;
    requires org.antlr.antlr4.runtime;

    exports io.hostwall.selector;
}
