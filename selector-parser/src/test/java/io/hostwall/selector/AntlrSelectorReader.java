package io.hostwall.selector;

import io.hostwall.selector.grammar.SelectorLexer;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Test oracle: the ANTLR 4 implementation the hand-written {@link SelectorReader} replaced, kept
 * unchanged in behaviour so that {@code ParserDifferentialProperties} can check that both accept the
 * same strings, build the same trees and report the same errors at the same offsets. Text to
 * {@link Expr}: lex everything, reject the first lexical error, parse, build the AST.
 */
final class AntlrSelectorReader {
    private AntlrSelectorReader() {
    }

    static Expr read(String text) {
        AntlrSourceText src = new AntlrSourceText(text);
        SelectorLexer lexer = new SelectorLexer(CharStreams.fromString(text));
        // The lexer cannot fail (every mode ends in a catch-all rule); this only keeps ANTLR from
        // ever printing to stderr.
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        AntlrLexicalCheck.check(tokens.getTokens(), src);

        NestingLimitedParser parser = new NestingLimitedParser(tokens, src);
        parser.removeErrorListeners();
        parser.setErrorHandler(new AntlrSyntaxErrorStrategy(src));
        return AntlrAstBuilder.build(parser.selector());
    }
}
