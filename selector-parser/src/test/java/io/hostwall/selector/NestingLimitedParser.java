package io.hostwall.selector;

import io.hostwall.selector.grammar.SelectorParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * Part of the ANTLR oracle ({@link AntlrSelectorReader}): the generated parser, with the same cap on
 * parenthesis nesting as {@link SelectorReader}. The parser, the AST builder, evaluation
 * and printing all recurse once per level, so without a cap a long run of {@code (} would end in a
 * StackOverflowError. Calico's API limits a selector to 1024 characters; 256 levels is far beyond
 * any real selector and far below the stack a thread has.
 */
final class NestingLimitedParser extends SelectorParser {
    static final int MAX_NESTING = SelectorReader.MAX_NESTING;

    private final AntlrSourceText src;
    /** Open orExpr rules: the top level plus one per open parenthesis. */
    private int openOrExprs;

    NestingLimitedParser(TokenStream input, AntlrSourceText src) {
        super(input);
        this.src = src;
    }

    @Override
    public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
        super.enterRule(localctx, state, ruleIndex);
        if (ruleIndex == RULE_orExpr && ++openOrExprs > MAX_NESTING + 1) {
            Token open = _input.LT(-1); // the '(' just matched by the group alternative
            int at = src.offsetOf(open);
            throw src.error("parentheses nested too deeply at offset " + at + ": at most " + MAX_NESTING
                    + " levels are allowed", at);
        }
    }

    @Override
    public void exitRule() {
        if (_ctx.getRuleIndex() == RULE_orExpr) {
            openOrExprs--;
        }
        super.exitRule();
    }
}
