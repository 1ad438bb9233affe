package io.hostwall.iptables;

import java.util.List;

/**
 * Writes iptables-restore input. The full document is what a fresh host loads as it is: for every table the
 * built-in chains (policy ACCEPT, the IR's base-chain policy), the own chains, their rules and the hooks. Loaded
 * without {@code --noflush}, iptables-restore replaces each table it names, atomically per table.
 */
final class RestoreDocumentWriter {
    private RestoreDocumentWriter() {}

    static String full(String header, List<TableSection> sections, String tag) {
        return full(header, sections, tag, 0);
    }

    /** {@link #full(String, List, String)} with {@code lineChars}, the length of all rule lines, to size the buffer. */
    static String full(String header, List<TableSection> sections, String tag, long lineChars) {
        long size = lineChars + header.length() * 2L + 1024;
        for (TableSection s : sections) {
            for (OwnChain c : s.chains()) {
                size += c.name().length() + 10;
            }
            size += 100L * s.hooks().size() + 200;
        }
        StringBuilder b = new StringBuilder((int) Math.min(size, Integer.MAX_VALUE - 16));
        comment(b, header);
        for (TableSection s : sections) {
            b.append('*').append(s.table().iptablesName()).append('\n');
            for (String builtin : Builtins.of(s.table())) {
                b.append(':').append(builtin).append(" ACCEPT [0:0]\n");
            }
            ownChains(b, s);
            for (HookRule h : s.hooks()) {
                b.append("-A ").append(h.builtin()).append(' ').append(h.spec(tag)).append('\n');
            }
            b.append("COMMIT\n");
        }
        return b.toString();
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
