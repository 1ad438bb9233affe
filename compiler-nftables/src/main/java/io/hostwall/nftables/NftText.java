package io.hostwall.nftables;

import com.google.common.net.InetAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints the {@link Nft} model as an {@code nft -f} script: a header, the replace idiom, then one {@code table}
 * block. Only spelling lives here; every decision was made when the model was built.
 */
final class NftText {
    /** Element lists longer than this go one element per line, so huge sets stay diffable. */
    private static final int ONE_LINE_MAX = 72;

    private NftText() {}

    static String script(Nft.Table table) {
        List<String> blocks = new ArrayList<>();
        table.sets().forEach(s -> blocks.add(set(s)));
        table.chains().forEach(c -> blocks.add(chain(c)));
        StringBuilder out = new StringBuilder();
        header(out, table);
        out.append("table ").append(table.family()).append(' ').append(table.name()).append(" {\n");
        out.append(String.join("\n", blocks));
        out.append("}\n");
        return out.toString();
    }

    /**
     * The comment header and the replace idiom (knftables, kube-proxy): {@code add table} makes sure the table
     * exists, so the {@code delete table} that follows cannot fail on a fresh host, and takes the old table with
     * every chain, set and map in it; the definition then recreates it. nft runs the file as one transaction, so
     * the kernel switches from the old table to the new one atomically, and a failed load changes nothing. (A
     * {@code flush table} would keep stale chains and sets; {@code destroy} needs nft 1.0.8 / kernel 6.3.)
     */
    private static void header(StringBuilder out, Nft.Table table) {
        String qualified = table.family() + " " + table.name();
        out.append("# hostwall nftables ruleset for node \"").append(table.node()).append("\". Generated; do not edit.\n");
        out.append("# Loading it with nft -f replaces table ").append(qualified)
                .append(" atomically and touches no other table.\n");
        out.append("add table ").append(qualified).append('\n');
        out.append("delete table ").append(qualified).append('\n');
    }

    /** {@code set|map <name> { type ...; flags ...; elements = { ... } }}, indented for the table body. */
    static String set(Nft.SetDecl s) {
        StringBuilder b = new StringBuilder();
        b.append('\t').append(s.isMap() ? "map" : "set").append(' ').append(s.name()).append(" {\n");
        b.append("\t\ttype ").append(String.join(" . ", s.keyType()));
        s.mapData().ifPresent(d -> b.append(" : ").append(d));
        b.append('\n');
        if (!s.flags().isEmpty()) {
            b.append("\t\tflags ").append(String.join(",", s.flags())).append('\n');
        }
        if (!s.elements().isEmpty()) {
            List<String> elements = s.elements().stream().map(NftText::expr).collect(Collectors.toList());
            String oneLine = String.join(", ", elements);
            if (oneLine.length() <= ONE_LINE_MAX) {
                b.append("\t\telements = { ").append(oneLine).append(" }\n");
            } else {
                b.append("\t\telements = {\n\t\t\t").append(String.join(",\n\t\t\t", elements)).append("\n\t\t}\n");
            }
        }
        return b.append("\t}\n").toString();
    }

    private static String chain(Nft.Chain c) {
        StringBuilder b = new StringBuilder();
        b.append("\tchain ").append(c.name()).append(" {\n");
        c.hook().ifPresent(h -> b.append("\t\ttype ").append(h.type()).append(" hook ").append(h.hook())
                .append(" priority ").append(h.priority()).append("; policy ").append(h.policy()).append(";\n"));
        for (Nft.Rule r : c.rules()) {
            b.append("\t\t").append(rule(r)).append('\n');
        }
        return b.append("\t}\n").toString();
    }

    /** One rule line: its statements separated by spaces, then {@code comment "..."}. */
    static String rule(Nft.Rule rule) {
        List<String> parts = new ArrayList<>();
        rule.statements().forEach(s -> parts.add(statement(s)));
        if (!rule.comment().isEmpty()) {
            parts.add("comment \"" + rule.comment() + "\"");
        }
        return String.join(" ", parts);
    }

    static String statement(Nft.Stmt s) {
        return s.accept(STATEMENTS);
    }

    static String expr(Nft.Expr e) {
        return e.accept(EXPRESSIONS);
    }

    private static final Nft.StmtVisitor<String> STATEMENTS = new Nft.StmtVisitor<>() {
        @Override
        public String visit(Nft.Match m) {
            return expr(m.left()) + " " + (m.op().text.isEmpty() ? "" : m.op().text + " ") + expr(m.right());
        }

        @Override
        public String visit(Nft.Verdict v) {
            return v.kind() + v.target().map(t -> " " + t).orElse("");
        }

        @Override
        public String visit(Nft.Reject r) {
            return "reject";
        }

        @Override
        public String visit(Nft.Counter c) {
            return "counter";
        }

        @Override
        public String visit(Nft.Mangle m) {
            return expr(m.key()) + " set " + expr(m.value());
        }

        @Override
        public String visit(Nft.Log l) {
            return "log " + l.prefix().map(p -> "prefix \"" + p + "\" ").orElse("") + "level " + l.level();
        }

        @Override
        public String visit(Nft.Notrack n) {
            return "notrack";
        }

        @Override
        public String visit(Nft.Vmap v) {
            return expr(v.key()) + " vmap @" + v.map();
        }
    };

    private static final Nft.ExprVisitor<String> EXPRESSIONS = new Nft.ExprVisitor<>() {
        @Override
        public String visit(Nft.Meta m) {
            return m.key().equals("iifname") || m.key().equals("oifname") ? m.key() : "meta " + m.key();
        }

        @Override
        public String visit(Nft.Payload p) {
            return p.protocol() + " " + p.field();
        }

        @Override
        public String visit(Nft.Ct c) {
            return "ct " + c.key();
        }

        @Override
        public String visit(Nft.Concat c) {
            return c.parts().stream().map(NftText::expr).collect(Collectors.joining(" . "));
        }

        @Override
        public String visit(Nft.BinOp b) {
            return expr(b.left()) + " " + b.op() + " " + operand(b.right());
        }

        @Override
        public String visit(Nft.Sym s) {
            return s.name();
        }

        @Override
        public String visit(Nft.Str s) {
            return "\"" + s.value() + "\"";
        }

        @Override
        public String visit(Nft.Num n) {
            return n.hex() ? "0x" + Long.toHexString(n.value()) : Long.toString(n.value());
        }

        @Override
        public String visit(Nft.Prefix p) {
            return p.cidr().toString();
        }

        @Override
        public String visit(Nft.Addr a) {
            return InetAddresses.toAddrString(a.address());
        }

        @Override
        public String visit(Nft.Range r) {
            return r.first() + "-" + r.last();
        }

        @Override
        public String visit(Nft.SetRef r) {
            return "@" + r.name();
        }

        @Override
        public String visit(Nft.Flags f) {
            return String.join(",", f.names());
        }

        @Override
        public String visit(Nft.MapElem m) {
            return expr(m.key()) + " : " + statement(m.verdict());
        }
    };

    /** Flags as an operand of a bit operation: {@code invalid}, or {@code (established | related)}. */
    private static String operand(Nft.Expr e) {
        if (e instanceof Nft.Flags f && f.names().size() > 1) {
            return "(" + String.join(" | ", f.names()) + ")";
        }
        return expr(e);
    }
}
