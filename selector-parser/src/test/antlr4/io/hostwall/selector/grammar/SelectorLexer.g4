/*
 * TEST ORACLE ONLY: the runtime parser is the hand-written io.hostwall.selector.SelectorReader;
 * ParserDifferentialProperties checks that both agree on every input (trees, messages, offsets).
 *
 * Lexer for Calico label selectors (libcalico-go/lib/selector/tokenizer/tokenizer.go; see
 * shared/reference/selector-semantics.md §2).
 *
 * Calico's tokenizer is context sensitive, so this lexer has two modes:
 *
 *  - DEFAULT_MODE: the start of an operand, or anywhere after a token that is not a label. Here
 *    `has(`, `all(` and `global(` are function words and any other identifier run is a LABEL.
 *  - AFTER_LABEL: right after a LABEL. Here Calico looks for a word operator (contains, starts
 *    with, ends with, not in, in) and nothing else; another identifier is an error. This is what
 *    makes `in in {"a"}` and `contains contains "x"` valid: no word is reserved.
 *
 * Punctuation is recognised the same way in both modes ("whatever the previous token was").
 *
 * The lexer never fails: every input the real tokenizer rejects becomes one of the error tokens
 * at the end of each mode (UNTERMINATED_STRING, LONE_EQ, ...). AntlrSelectorReader turns the first
 * error token into a SelectorSyntaxException with a precise message, before the parser runs,
 * which is also the order in which Calico reports errors (it tokenizes everything first).
 *
 * Only space and tab are whitespace. Everything outside a string literal must be ASCII; inside a
 * literal anything but the closing quote is kept as is (no escapes).
 */
lexer grammar SelectorLexer;

@members {
    /** Calico's isWordBoundary: end of input or a byte that cannot continue a label. */
    private boolean atWordBoundary() {
        return !LabelSyntax.isLabelChar(_input.LA(1));
    }

    /**
     * The two-word operators skip blanks after their last word before the boundary check, so
     * `b starts with b` fails in the lexer while `b contains b` only fails in the parser.
     */
    private boolean atWordBoundaryAfterBlanks() {
        int i = 1;
        while (_input.LA(i) == ' ' || _input.LA(i) == '\t') {
            i++;
        }
        return !LabelSyntax.isLabelChar(_input.LA(i));
    }
}

// ---------------------------------------------------------------------------------------------
// DEFAULT_MODE: operands and operators that do not follow a label.

WS          : BLANK+ -> skip ;

LPAREN      : '(' ;
RPAREN      : ')' ;
LBRACE      : '{' ;
RBRACE      : '}' ;
COMMA       : ',' ;
EQ          : '==' ;
NE          : '!=' ;
NOT         : '!' ;
AND         : '&&' ;
OR          : '||' ;
STRING      : QUOTED ;

// Function words only count when the paren touches the name: `has (a)` is the label `has`
// followed by `(`, which the parser rejects. The longest match beats LABEL.
HAS         : 'has(' BLANK* LABEL_CHAR+ BLANK* ')' ;
ALL         : 'all(' BLANK* ')' ;
GLOBAL      : 'global(' BLANK* ')' ;

// Length (at most 512) is checked after lexing so that the error can say "too long".
LABEL       : LABEL_CHAR+ -> mode(AFTER_LABEL) ;

// Error tokens. Each is shorter than the valid token it shadows, so it only wins when the
// valid token cannot be completed.
BAD_HAS             : 'has(' BLANK* LABEL_CHAR* BLANK* ;
BAD_ALL             : 'all(' BLANK* ;
BAD_GLOBAL          : 'global(' BLANK* ;
UNTERMINATED_STRING : UNTERMINATED ;
LONE_EQ             : '=' ;
LONE_AMP            : '&' ;
LONE_PIPE           : '|' ;
BAD_CHAR            : . ;

// ---------------------------------------------------------------------------------------------
// AFTER_LABEL: only an operator may follow a label. Every token here returns to DEFAULT_MODE.

mode AFTER_LABEL;

AL_WS               : BLANK+ -> skip ;

CONTAINS            : 'contains' {atWordBoundary()}? -> mode(DEFAULT_MODE) ;
STARTS_WITH         : 'starts' BLANK* 'with' {atWordBoundaryAfterBlanks()}? -> mode(DEFAULT_MODE) ;
ENDS_WITH           : 'ends' BLANK* 'with' {atWordBoundaryAfterBlanks()}? -> mode(DEFAULT_MODE) ;
NOT_IN              : 'not' BLANK* 'in' {atWordBoundaryAfterBlanks()}? -> mode(DEFAULT_MODE) ;
IN                  : 'in' {atWordBoundary()}? -> mode(DEFAULT_MODE) ;

AL_LPAREN           : '('  -> type(LPAREN), mode(DEFAULT_MODE) ;
AL_RPAREN           : ')'  -> type(RPAREN), mode(DEFAULT_MODE) ;
AL_LBRACE           : '{'  -> type(LBRACE), mode(DEFAULT_MODE) ;
AL_RBRACE           : '}'  -> type(RBRACE), mode(DEFAULT_MODE) ;
AL_COMMA            : ','  -> type(COMMA), mode(DEFAULT_MODE) ;
AL_EQ               : '==' -> type(EQ), mode(DEFAULT_MODE) ;
AL_NE               : '!=' -> type(NE), mode(DEFAULT_MODE) ;
AL_NOT              : '!'  -> type(NOT), mode(DEFAULT_MODE) ;
AL_AND              : '&&' -> type(AND), mode(DEFAULT_MODE) ;
AL_OR               : '||' -> type(OR), mode(DEFAULT_MODE) ;
AL_STRING           : QUOTED -> type(STRING), mode(DEFAULT_MODE) ;

AL_UNTERMINATED     : UNTERMINATED -> type(UNTERMINATED_STRING) ;
AL_LONE_EQ          : '=' -> type(LONE_EQ) ;
AL_LONE_AMP         : '&' -> type(LONE_AMP) ;
AL_LONE_PIPE        : '|' -> type(LONE_PIPE) ;
// Any other character, including the start of another label or of a misspelt operator.
MISSING_OPERATOR    : . ;

// ---------------------------------------------------------------------------------------------

fragment BLANK        : [ \t] ;
fragment LABEL_CHAR   : [A-Za-z0-9_./\-] ;
// No escapes: a literal ends at the first matching quote, so it may hold the other quote kind.
fragment QUOTED       : '"' ~'"'* '"' | '\'' ~'\''* '\'' ;
// Shorter than QUOTED by the closing quote, so it only wins when that quote is missing.
fragment UNTERMINATED : '"' ~'"'* | '\'' ~'\''* ;
