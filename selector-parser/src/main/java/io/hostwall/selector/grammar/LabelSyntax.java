package io.hostwall.selector.grammar;

/**
 * What Calico accepts as a label name (selector-semantics.md §2.3), shared by the tokenizer and by the
 * AST records so that a hand-built AST can never print as something the parser rejects (and by the
 * ANTLR grammar the tests keep as an oracle). Public for those records only: this package is not exported.
 */
public final class LabelSyntax {
    /** Calico's {@code tokenizer.MaxLabelLength}; labels are ASCII, so bytes and chars agree. */
    public static final int MAX_LABEL_LENGTH = 512;

    private LabelSyntax() {
    }

    /** Calico's identifier bytes: {@code [A-Za-z0-9_./-]}. No rule about the first character. */
    public static boolean isLabelChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '/' || c == '-';
    }

    public static boolean isValidLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            if (!isLabelChar(label.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Checks a label given to an AST record; returns it for use in compact constructors. */
    public static String requireLabel(String label) {
        if (label == null) {
            throw new NullPointerException("label");
        }
        if (!isValidLabel(label)) {
            throw new IllegalArgumentException("not a selector label (1 to " + MAX_LABEL_LENGTH
                    + " characters from [A-Za-z0-9_./-]): '" + label + "'");
        }
        return label;
    }
}
