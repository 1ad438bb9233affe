package io.hostwall.selector;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;

/**
 * Stops at the first syntax error with a {@link SelectorSyntaxException}; ANTLR's recovery is
 * never used, because a selector is either valid or rejected, and no ANTLR exception leaks out.
 *
 * <p>{@link #sync} does nothing so that an error is always reported at the first token that does
 * not fit, where {@link AntlrSyntaxMessages} can say what should have come after the previous token.
 */
final class AntlrSyntaxErrorStrategy extends DefaultErrorStrategy {
    private final AntlrSyntaxMessages messages;

    AntlrSyntaxErrorStrategy(AntlrSourceText src) {
        this.messages = new AntlrSyntaxMessages(src);
    }

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        Token offending = e.getOffendingToken() != null ? e.getOffendingToken() : parser.getCurrentToken();
        throw messages.unexpected(parser, offending);
    }

    @Override
    public void recover(Parser parser, RecognitionException e) {
        reportError(parser, e);
    }

    @Override
    public Token recoverInline(Parser parser) {
        throw messages.unexpected(parser, parser.getCurrentToken());
    }

    @Override
    public void sync(Parser parser) {
        // Errors surface at match() or at a prediction, at the offending token.
    }
}
