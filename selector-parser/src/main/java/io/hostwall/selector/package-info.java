/**
 * Calico's label selector language: parsing, evaluation, canonical form and UIDs, identical to
 * Calico's {@code libcalico-go/lib/selector} (the spec is
 * {@code shared/reference/selector-semantics.md}; the conformance vectors in
 * {@code shared/conformance/selectors.json} were produced by Calico's own code).
 *
 * <p>Entry point: {@link io.hostwall.selector.Selector#parse(String)}. A selector exposes
 * {@link io.hostwall.selector.Selector#matches(java.util.Map) matches},
 * {@link io.hostwall.selector.Selector#toString() its canonical string},
 * {@link io.hostwall.selector.Selector#uniqueId() Calico's UID},
 * {@link io.hostwall.selector.Selector#ast() the syntax tree} ({@link io.hostwall.selector.Expr})
 * and {@link io.hostwall.selector.Selector#labelRestrictions() label restrictions} for indexes.
 * Invalid text fails with {@link io.hostwall.selector.SelectorSyntaxException}, which carries the
 * offset of the problem.
 *
 * <p>How it is built: a hand-written tokenizer ({@code Tokenizer}, context sensitive like Calico's:
 * right after a label only operators are words) and a recursive-descent parser
 * ({@code SelectorReader}) build immutable records; printing ({@code CanonicalPrinter}) and
 * restriction analysis ({@code RestrictionAnalysis}) work on those records. Guava is the only
 * dependency. The ANTLR 4 grammar this replaced lives on in the tests as a differential oracle: both
 * parsers must agree on every input, down to error messages and offsets.
 *
 * <p>Surprises worth knowing, all Calico's: {@code k != "x"} and {@code k not in {...}} match when
 * {@code k} is absent; no word is reserved ({@code in in {"a"}} is valid); only space and tab are
 * whitespace (a trailing newline is an error); strings have no escapes; {@code !(!x)} prints as
 * {@code !!x}, which parses back to {@code x}, so that canonical form is not a fixed point.
 */
package io.hostwall.selector;
