package io.hostwall.nftables;

import io.hostwall.net.IpFamily;
import io.hostwall.net.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Prints the {@link Nft} model as an {@code nft -f} script: a header, the replace idiom, then one {@code table}
 * block. Only spelling lives here; every decision was made when the model was built.
 */
final class NftText {
    /** Element lists longer than this go one element per line, so huge sets stay diffable. */
    private static final int ONE_LINE_MAX = 72;

    private NftText() {}

    static String script(Nft.Table table) {
        // One builder for the whole script: a large node's script is megabytes, and building each rule, statement
        // and expression as its own string first cost most of the render time (JFR).
        StringBuilder out = new StringBuilder(sizeHint(table));
        header(out, table);
        out.append("table ").append(table.family()).append(' ').append(table.name()).append(" {\n");
        Appender a = new Appender(out);
        boolean first = true;
        for (Nft.SetDecl s : table.sets()) {
            out.append(first ? "" : "\n");
            a.set(s);
            first = false;
        }
        for (Nft.Chain c : table.chains()) {
            out.append(first ? "" : "\n");
            a.chain(c);
            first = false;
        }
        out.append("}\n");
        return out.toString();
    }

    /** About the script's length, so that the builder seldom grows (each growth copies everything so far). */
    private static int sizeHint(Nft.Table table) {
        long chars = 1024;
        for (Nft.SetDecl s : table.sets()) {
            chars += 96 + 24L * s.elements().size();
        }
        for (Nft.Chain c : table.chains()) {
            chars += 64 + 160L * c.rules().size();
        }
        return (int) Math.min(chars, Integer.MAX_VALUE - 16);
    }

    /**
     * The comment header and the replace idiom (knftables, kube-proxy): {@code add table} makes sure the table
     * exists, so the {@code delete table} that follows cannot fail on a fresh host, and takes the old table with
     * every chain, set and map in it; the definition then recreates it. nft runs the file as one transaction, so
     * the kernel switches from the old table to the new one atomically, and a failed load changes nothing. (A
     * {@code flush table} would keep stale chains and sets; {@code destroy} needs nft 1.0.8 / kernel 6.3.)
     */
    private static void header(StringBuilder out, Nft.Table table) {
        header(out, table.family(), table.name(), table.node());
    }

    /** {@link #header(StringBuilder, Nft.Table)} from the table's family, name and (filtered) node name. */
    static void header(StringBuilder out, String family, String name, String node) {
        String qualified = family + " " + name;
        out.append("# hostwall nftables ruleset for node \"").append(node).append("\". Generated; do not edit.\n");
        out.append("# Loading it with nft -f replaces table ").append(qualified)
                .append(" atomically and touches no other table.\n");
        out.append("add table ").append(qualified).append('\n');
        out.append("delete table ").append(qualified).append('\n');
    }

    /** {@code set|map <name> { type ...; flags ...; elements = { ... } }}, indented for the table body. */
    static String set(Nft.SetDecl s) {
        StringBuilder b = new StringBuilder();
        new Appender(b).set(s);
        return b.toString();
    }

    /** Appends {@link #set(Nft.SetDecl)} to {@code out}. */
    static void set(StringBuilder out, Nft.SetDecl s) {
        new Appender(out).set(s);
    }

    /** One rule line: its statements separated by spaces, then {@code comment "..."}. */
    static String rule(Nft.Rule rule) {
        StringBuilder b = new StringBuilder();
        new Appender(b).rule(rule);
        return b.toString();
    }

    static String statement(Nft.Stmt s) {
        StringBuilder b = new StringBuilder();
        s.accept(new Appender(b));
        return b.toString();
    }

    static String expr(Nft.Expr e) {
        StringBuilder b = new StringBuilder();
        e.accept(new Appender(b));
        return b.toString();
    }

    /** Appends element {@code i} of a set to {@code out}. */
    interface ElementWriter {
        void append(StringBuilder out, int i);
    }

    /**
     * The {@code elements = ...} line(s) of a set of {@code count} elements, nothing for none: one line while the
     * elements fit in {@link #ONE_LINE_MAX} characters, else one element per line (written on one line until they
     * no longer fit, then again from the mark). The one layout of both script writers.
     */
    static void elements(StringBuilder b, int count, ElementWriter element) {
        if (count == 0) {
            return;
        }
        int mark = b.length();
        b.append("\t\telements = { ");
        int start = b.length();
        boolean fits = true;
        for (int i = 0; i < count && fits; i++) {
            b.append(i == 0 ? "" : ", ");
            element.append(b, i);
            fits = b.length() - start <= ONE_LINE_MAX;
        }
        if (fits) {
            b.append(" }\n");
        } else {
            b.setLength(mark);
            b.append("\t\telements = {\n\t\t\t");
            for (int i = 0; i < count; i++) {
                b.append(i == 0 ? "" : ",\n\t\t\t");
                element.append(b, i);
            }
            b.append("\n\t\t}\n");
        }
    }

    /** An IPv4 address as Guava and Cidr spell it, without their intermediate objects (sets hold thousands). */
    static StringBuilder dottedQuad(StringBuilder b, byte[] address) {
        // Octets from a table: appending an int sizes and converts it each time, and every IPv4 set element and
        // address match passes here (JFR, issue 10).
        return b.append(OCTETS_DOT[address[0] & 0xff]).append(OCTETS_DOT[address[1] & 0xff])
                .append(OCTETS_DOT[address[2] & 0xff]).append(OCTETS[address[3] & 0xff]);
    }

    /** "/0" to "/32": IPv4 prefix lengths, one append each. */
    private static final String[] PREFIX_LENGTHS = java.util.stream.IntStream.rangeClosed(0, 32)
            .mapToObj(n -> "/" + n).toArray(String[]::new);

    /** "0" to "255". */
    private static final String[] OCTETS = java.util.stream.IntStream.range(0, 256).mapToObj(Integer::toString)
            .toArray(String[]::new);

    /** "0." to "255.": the first three octets, one append each instead of two. */
    private static final String[] OCTETS_DOT = java.util.stream.IntStream.range(0, 256).mapToObj(n -> n + ".")
            .toArray(String[]::new);

    /** A network as the script spells it: {@code 10.0.0.0/8}, {@code fd00::/64}. */
    static StringBuilder prefix(StringBuilder b, Cidr cidr) {
        if (cidr.family() == IpFamily.V4) { // the bytes read in place: no copy per set member
            return b.append(OCTETS_DOT[cidr.addressByte(0)]).append(OCTETS_DOT[cidr.addressByte(1)])
                    .append(OCTETS_DOT[cidr.addressByte(2)]).append(OCTETS[cidr.addressByte(3)])
                    .append(PREFIX_LENGTHS[cidr.prefixLength()]);
        }
        return AddressText.append(b, cidr.addressBytes()).append('/').append(cidr.prefixLength()); // = toString
    }

    /** A single address as the script spells it. */
    static StringBuilder address(StringBuilder b, InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return dottedQuad(b, v4.getAddress());
        }
        return AddressText.append(b, address.getAddress()); // = InetAddresses.toAddrString
    }

    /** Appends the spelling of blocks, statements and expressions to one builder. */
    private static final class Appender implements Nft.StmtVisitor<StringBuilder>, Nft.ExprVisitor<StringBuilder> {
        private final StringBuilder b;

        Appender(StringBuilder b) {
            this.b = b;
        }

        void set(Nft.SetDecl s) {
            b.append('\t').append(s.isMap() ? "map" : "set").append(' ').append(s.name()).append(" {\n");
            b.append("\t\ttype ");
            joined(s.keyType(), " . ");
            s.mapData().ifPresent(d -> b.append(" : ").append(d));
            b.append('\n');
            if (!s.flags().isEmpty()) {
                b.append("\t\tflags ");
                joined(s.flags(), ",");
                b.append('\n');
            }
            elements(b, s.elements().size(), (out, i) -> s.elements().get(i).accept(this));
            b.append("\t}\n");
        }

        void chain(Nft.Chain c) {
            b.append("\tchain ").append(c.name()).append(" {\n");
            c.hook().ifPresent(h -> b.append("\t\ttype ").append(h.type()).append(" hook ").append(h.hook())
                    .append(" priority ").append(h.priority()).append("; policy ").append(h.policy()).append(";\n"));
            for (Nft.Rule r : c.rules()) {
                b.append("\t\t");
                rule(r);
                b.append('\n');
            }
            b.append("\t}\n");
        }

        void rule(Nft.Rule rule) {
            boolean first = true;
            for (Nft.Stmt s : rule.statements()) {
                b.append(first ? "" : " ");
                s.accept(this);
                first = false;
            }
            if (!rule.comment().isEmpty()) {
                b.append(first ? "" : " ").append("comment \"").append(rule.comment()).append('"');
            }
        }

        private void joined(List<String> parts, String separator) {
            for (int i = 0; i < parts.size(); i++) {
                b.append(i == 0 ? "" : separator).append(parts.get(i));
            }
        }

        @Override
        public StringBuilder visit(Nft.Match m) {
            m.left().accept(this).append(' ');
            if (!m.op().text.isEmpty()) {
                b.append(m.op().text).append(' ');
            }
            return m.right().accept(this);
        }

        @Override
        public StringBuilder visit(Nft.Verdict v) {
            b.append(v.kind());
            v.target().ifPresent(t -> b.append(' ').append(t));
            return b;
        }

        @Override
        public StringBuilder visit(Nft.Reject r) {
            return b.append("reject");
        }

        @Override
        public StringBuilder visit(Nft.Counter c) {
            return b.append("counter");
        }

        @Override
        public StringBuilder visit(Nft.Mangle m) {
            m.key().accept(this).append(" set ");
            return m.value().accept(this);
        }

        @Override
        public StringBuilder visit(Nft.Log l) {
            b.append("log ");
            l.prefix().ifPresent(p -> b.append("prefix \"").append(p).append("\" "));
            return b.append("level ").append(l.level());
        }

        @Override
        public StringBuilder visit(Nft.Notrack n) {
            return b.append("notrack");
        }

        @Override
        public StringBuilder visit(Nft.Vmap v) {
            return v.key().accept(this).append(" vmap @").append(v.map());
        }

        @Override
        public StringBuilder visit(Nft.Meta m) {
            return m.key().equals("iifname") || m.key().equals("oifname") ? b.append(m.key()) : b.append("meta ").append(m.key());
        }

        @Override
        public StringBuilder visit(Nft.Payload p) {
            return b.append(p.protocol()).append(' ').append(p.field());
        }

        @Override
        public StringBuilder visit(Nft.Ct c) {
            return b.append("ct ").append(c.key());
        }

        @Override
        public StringBuilder visit(Nft.Concat c) {
            for (int i = 0; i < c.parts().size(); i++) {
                b.append(i == 0 ? "" : " . ");
                c.parts().get(i).accept(this);
            }
            return b;
        }

        @Override
        public StringBuilder visit(Nft.BinOp o) {
            o.left().accept(this).append(' ').append(o.op()).append(' ');
            // Flags as an operand of a bit operation: invalid, or (established | related).
            if (o.right() instanceof Nft.Flags f && f.names().size() > 1) {
                b.append('(');
                joined(f.names(), " | ");
                return b.append(')');
            }
            return o.right().accept(this);
        }

        @Override
        public StringBuilder visit(Nft.Sym s) {
            return b.append(s.name());
        }

        @Override
        public StringBuilder visit(Nft.Str s) {
            return b.append('"').append(s.value()).append('"');
        }

        @Override
        public StringBuilder visit(Nft.Num n) {
            return n.hex() ? b.append("0x").append(Long.toHexString(n.value())) : b.append(n.value());
        }

        @Override
        public StringBuilder visit(Nft.Prefix p) {
            return prefix(b, p.cidr());
        }

        @Override
        public StringBuilder visit(Nft.Addr a) {
            return address(b, a.address());
        }

        @Override
        public StringBuilder visit(Nft.Range r) {
            return b.append(r.first()).append('-').append(r.last());
        }

        @Override
        public StringBuilder visit(Nft.SetRef r) {
            return b.append('@').append(r.name());
        }

        @Override
        public StringBuilder visit(Nft.Flags f) {
            joined(f.names(), ",");
            return b;
        }

        @Override
        public StringBuilder visit(Nft.MapElem m) {
            m.key().accept(this).append(" : ");
            return m.verdict().accept(this);
        }
    }
}
