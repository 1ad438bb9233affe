package io.hostwall.selector;

import io.hostwall.selector.grammar.SelectorLexer;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Text to {@link Expr}: lex everything, reject the first lexical error, parse, build the AST.
 * New lexer and parser objects per call (they are cheap; ANTLR shares its DFA caches between
 * instances), so parsing is thread-safe.
 */
final class SelectorReader {
    private SelectorReader() {
    }

    static Expr read(String text) {
        SourceText src = new SourceText(text);
        SelectorLexer lexer = new SelectorLexer(CharStreams.fromString(text));
        // The lexer cannot fail (every mode ends in a catch-all rule); this only keeps ANTLR from
        // ever printing to stderr.
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        LexicalCheck.check(tokens.getTokens(), src);

        NestingLimitedParser parser = new NestingLimitedParser(tokens, src);
        parser.removeErrorListeners();
        parser.setErrorHandler(new SyntaxErrorStrategy(src));
        return AstBuilder.build(parser.selector());
    }
}
