/*
 * TEST ORACLE ONLY: the runtime parser is the hand-written io.hostwall.selector.SelectorReader;
 * ParserDifferentialProperties checks that both agree on every input (trees, messages, offsets).
 *
 * Parser for Calico label selectors (libcalico-go/lib/selector/parser/parser.go; see
 * shared/reference/selector-semantics.md §3).
 *
 * Precedence from tightest to loosest: `!`, `&&`, `||`. A comparison `label op literal` is one
 * indivisible primary, so `!a == "x"` is `!(a == "x")`. `&&` and `||` are n-ary at one level;
 * parentheses are kept as nesting (AntlrAstBuilder never flattens them). Adjacent `!` tokens are
 * collected by `unary` so that AntlrAstBuilder can fold them by parity, while a `!` in front of a
 * parenthesised group wraps the group, which is why `!(!x)` stays a double negation.
 *
 * Error tokens of the lexer never get here (AntlrSelectorReader rejects them first); errors here are
 * turned into SelectorSyntaxException by AntlrSyntaxErrorStrategy.
 */
parser grammar SelectorParser;

options { tokenVocab = SelectorLexer; }

// An empty (or blank) selector is all().
selector    : orExpr? EOF ;

orExpr      : andExpr (OR andExpr)* ;

andExpr     : unary (AND unary)* ;

unary       : NOT* primary ;

primary
    : HAS                                                          # hasCall
    | ALL                                                          # allCall
    | GLOBAL                                                       # globalCall
    | LPAREN orExpr RPAREN                                         # group
    | LABEL op=(EQ | NE | CONTAINS | STARTS_WITH | ENDS_WITH) STRING # comparison
    | LABEL op=(IN | NOT_IN) LBRACE valueList? RBRACE                # membership
    ;

// `{}` is an empty set; one trailing comma is allowed; `{,}` is not.
valueList   : STRING (COMMA STRING)* COMMA? ;
