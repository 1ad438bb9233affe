package io.hostwall.iptables;

import java.util.List;

/**
 * Writes iptables-restore input. The full document is what a fresh host loads as it is: for every table the
 * built-in chains (policy ACCEPT, the IR's base-chain policy), the own chains, their rules and the hooks. Loaded
 * without {@code --noflush}, iptables-restore replaces each table it names, atomically per table.
 */
final class RestoreDocumentWriter {
    private RestoreDocumentWriter() {}

    /**
     * The full document: the header as comments, then per table its built-in chains, the own chains' declarations
     * and rules, the hooks and {@code COMMIT}.
     */
    static String full(String header, List<TableSection> sections, String tag) {
        int pieces = 1;
        for (TableSection s : sections) {
            pieces += 2;
            for (OwnChain c : s.chains()) {
                pieces += 2 * c.rules().size();
            }
        }
        TextPieces out = new TextPieces(pieces);
        StringBuilder small = new StringBuilder(4096);
        comment(small, header);
        for (TableSection s : sections) {
            small.append('*').append(s.table().iptablesName()).append('\n');
            for (String builtin : Builtins.of(s.table())) {
                small.append(':').append(builtin).append(" ACCEPT [0:0]\n");
            }
            declarations(small, s);
            // each rule line is two pieces, "\n-A NAME " and the rule: the line break of the line before rides
            // with the prefix, so this block ends without one and the hooks' block starts with one
            small.setLength(small.length() - 1);
            out.add(small.toString());
            small.setLength(0);
            for (OwnChain c : s.chains()) {
                String prefix = "\n-A " + c.name() + " ";
                for (String rule : c.rules()) {
                    out.add(prefix);
                    out.add(rule);
                }
            }
            small.append('\n');
            for (HookRule h : s.hooks()) {
                small.append("-A ").append(h.builtin()).append(' ').append(h.spec(tag)).append('\n');
            }
            small.append("COMMIT\n");
        }
        out.add(small.toString());
        return out.join();
    }

    /**
     * Declarations and rules of the own chains. A declaration {@code :NAME - [0:0]} creates the chain, or, under
     * {@code --noflush}, empties an existing one, so the rules that follow replace the chain's old content.
     */
    static void ownChains(StringBuilder b, TableSection s) {
        declarations(b, s);
        rules(b, s);
    }

    static void declarations(StringBuilder b, TableSection s) {
        for (OwnChain c : s.chains()) {
            declare(b, c.name());
        }
    }

    static void rules(StringBuilder b, TableSection s) {
        for (OwnChain c : s.chains()) {
            for (String rule : c.rules()) {
                b.append("-A ").append(c.name()).append(' ').append(rule).append('\n');
            }
        }
    }

    static void declare(StringBuilder b, String chain) {
        b.append(':').append(chain).append(" - [0:0]\n");
    }

    static void comment(StringBuilder b, String text) {
        for (String line : text.split("\n")) {
            b.append("# ").append(IptablesText.headerText(line)).append('\n');
        }
    }
}
