package io.hostwall.nftables;

import com.google.common.net.InetAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints the {@link Nft} model as libnftables JSON ({@code man 5 libnftables-json}) for {@code nft -j -f}: the same
 * table as {@link NftText}'s script, as a list of commands that nft runs as one transaction.
 *
 * <p>Order of the commands: the replace idiom ({@code add}, {@code delete}, {@code add} of the table, as in the
 * script), then every chain (empty), then the sets and maps, then the rules. Unlike the script's table block, JSON
 * commands run in order, so a verdict map's {@code goto} targets and a rule's jump targets must exist first.
 *
 * <p>One command per line, so the document diffs line by line like the script. JSON has no comments: the script's
 * header (the node's name) has no counterpart; rule comments are the rules' {@code comment} properties.
 */
final class NftJson {
    /** The schema version nft 1.0.x reads and writes. */
    static final int SCHEMA_VERSION = 1;

    private NftJson() {}

    static String document(Nft.Table table) {
        List<Object> commands = new ArrayList<>();
        commands.add(Json.object("metainfo", Json.object("json_schema_version", SCHEMA_VERSION)));
        Map<String, Object> tableObject = Json.object("family", table.family(), "name", table.name());
        commands.add(Json.object("add", Json.object("table", tableObject)));
        commands.add(Json.object("delete", Json.object("table", tableObject)));
        commands.add(Json.object("add", Json.object("table", tableObject)));
        for (Nft.Chain c : table.chains()) {
            Map<String, Object> chain = Json.object("family", table.family(), "table", table.name(), "name", c.name());
            c.hook().ifPresent(h -> {
                chain.put("type", h.type());
                chain.put("hook", h.hook());
                chain.put("prio", h.priority());
                chain.put("policy", h.policy());
            });
            commands.add(Json.object("add", Json.object("chain", chain)));
        }
        for (Nft.SetDecl s : table.sets()) {
            Map<String, Object> set = Json.object("family", table.family(), "table", table.name(), "name", s.name(),
                    "type", s.keyType().size() == 1 ? s.keyType().get(0) : List.copyOf(s.keyType()));
            s.mapData().ifPresent(d -> set.put("map", d));
            if (!s.flags().isEmpty()) {
                set.put("flags", List.copyOf(s.flags()));
            }
            if (!s.elements().isEmpty()) {
                set.put("elem", s.elements().stream().map(NftJson::expr).toList());
            }
            commands.add(Json.object("add", Json.object(s.isMap() ? "map" : "set", set)));
        }
        for (Nft.Chain c : table.chains()) {
            for (Nft.Rule r : c.rules()) {
                Map<String, Object> rule = Json.object("family", table.family(), "table", table.name(),
                        "chain", c.name(), "expr", r.statements().stream().map(NftJson::statement).toList());
                if (!r.comment().isEmpty()) {
                    rule.put("comment", r.comment());
                }
                commands.add(Json.object("add", Json.object("rule", rule)));
            }
        }
        StringBuilder out = new StringBuilder("{\"nftables\": [\n");
        for (int i = 0; i < commands.size(); i++) {
            Json.write(commands.get(i), out);
            out.append(i + 1 < commands.size() ? ",\n" : "\n");
        }
        return out.append("]}\n").toString();
    }

    static Object statement(Nft.Stmt s) {
        return s.accept(STATEMENTS);
    }

    static Object expr(Nft.Expr e) {
        return e.accept(EXPRESSIONS);
    }

    private static final Nft.StmtVisitor<Object> STATEMENTS = new Nft.StmtVisitor<>() {
        @Override
        public Object visit(Nft.Match m) {
            return Json.object("match", Json.object("op", m.op().json, "left", expr(m.left()), "right", expr(m.right())));
        }

        @Override
        public Object visit(Nft.Verdict v) {
            return Json.object(v.kind(), v.target().<Object>map(t -> Json.object("target", t)).orElse(Json.NULL));
        }

        @Override
        public Object visit(Nft.Reject r) {
            return Json.object("reject", Json.NULL);
        }

        @Override
        public Object visit(Nft.Counter c) {
            return Json.object("counter", Json.NULL);
        }

        @Override
        public Object visit(Nft.Mangle m) {
            return Json.object("mangle", Json.object("key", expr(m.key()), "value", expr(m.value())));
        }

        @Override
        public Object visit(Nft.Log l) {
            Map<String, Object> log = Json.object();
            l.prefix().ifPresent(p -> log.put("prefix", p));
            log.put("level", l.level());
            return Json.object("log", log);
        }

        @Override
        public Object visit(Nft.Notrack n) {
            return Json.object("notrack", Json.NULL);
        }

        @Override
        public Object visit(Nft.Vmap v) {
            return Json.object("vmap", Json.object("key", expr(v.key()), "data", "@" + v.map()));
        }
    };

    private static final Nft.ExprVisitor<Object> EXPRESSIONS = new Nft.ExprVisitor<>() {
        @Override
        public Object visit(Nft.Meta m) {
            return Json.object("meta", Json.object("key", m.key()));
        }

        @Override
        public Object visit(Nft.Payload p) {
            return Json.object("payload", Json.object("protocol", p.protocol(), "field", p.field()));
        }

        @Override
        public Object visit(Nft.Ct c) {
            return Json.object("ct", Json.object("key", c.key()));
        }

        @Override
        public Object visit(Nft.Concat c) {
            return Json.object("concat", c.parts().stream().map(NftJson::expr).toList());
        }

        @Override
        public Object visit(Nft.BinOp b) {
            return Json.object(b.op(), List.of(expr(b.left()), expr(b.right())));
        }

        @Override
        public Object visit(Nft.Sym s) {
            return s.name();
        }

        @Override
        public Object visit(Nft.Str s) {
            return s.value();
        }

        @Override
        public Object visit(Nft.Num n) {
            return n.value();
        }

        @Override
        public Object visit(Nft.Prefix p) {
            return Json.object("prefix", Json.object("addr", InetAddresses.toAddrString(p.cidr().address()),
                    "len", p.cidr().prefixLength()));
        }

        @Override
        public Object visit(Nft.Addr a) {
            return InetAddresses.toAddrString(a.address());
        }

        @Override
        public Object visit(Nft.Range r) {
            return Json.object("range", List.of(r.first(), r.last()));
        }

        @Override
        public Object visit(Nft.SetRef r) {
            return "@" + r.name();
        }

        /** One flag is a plain value; several are a list, which nft reads as their bitwise OR. */
        @Override
        public Object visit(Nft.Flags f) {
            return f.names().size() == 1 ? f.names().get(0) : List.copyOf(f.names());
        }

        @Override
        public Object visit(Nft.MapElem m) {
            return List.of(expr(m.key()), statement(m.verdict()));
        }
    };
}
