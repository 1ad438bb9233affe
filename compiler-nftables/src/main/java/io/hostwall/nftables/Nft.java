package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The neutral statement model of one nft table: what the renderers decide (names, shared sets, spellings of each
 * match, escaping of free text), before it is printed. {@link NftText} prints it as an {@code nft -f} script and
 * {@link NftJson} as libnftables JSON; neither writer decides anything, so the two documents hold the same table.
 *
 * <p>Every string in the model is already checked or filtered (names by {@link NftNames}, comments and log prefixes
 * by {@link NftStrings}); the writers only spell and, for JSON, escape.
 */
final class Nft {
    private Nft() {}

    /** An expression: the left or right side of a match, a set element, a set key part. */
    sealed interface Expr permits Meta, Payload, Ct, Concat, BinOp, Sym, Str, Num, Prefix, Addr, Range, SetRef, Flags,
            MapElem {
        <R> R accept(ExprVisitor<R> v);
    }

    /** One method per kind of expression: a new kind is a compile error in every writer. */
    interface ExprVisitor<R> {
        R visit(Meta e);

        R visit(Payload e);

        R visit(Ct e);

        R visit(Concat e);

        R visit(BinOp e);

        R visit(Sym e);

        R visit(Str e);

        R visit(Num e);

        R visit(Prefix e);

        R visit(Addr e);

        R visit(Range e);

        R visit(SetRef e);

        R visit(Flags e);

        R visit(MapElem e);
    }

    /** {@code meta <key>} ({@code iifname}/{@code oifname} are written without {@code meta} in text). */
    record Meta(String key) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** A header field by name: {@code ip saddr}, {@code tcp dport}, {@code th sport}. */
    record Payload(String protocol, String field) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code ct <key>}. */
    record Ct(String key) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code a . b . c}. */
    record Concat(ImmutableList<Expr> parts) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }

        Concat(Expr... parts) {
            this(ImmutableList.copyOf(parts));
        }
    }

    /** A binary operation, {@code &} or {@code |}; left-associative chains print without parentheses. */
    record BinOp(String op, Expr left, Expr right) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** A bare symbolic constant: {@code tcp}, {@code ipv4}, {@code accept}. */
    record Sym(String name) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** A quoted string: interface names (a trailing {@code *} is nft's prefix wildcard). */
    record Str(String value) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** An unsigned number; {@code hex} only changes how the text writer spells it (marks). */
    record Num(long value, boolean hex) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }

        static Num of(long value) {
            return new Num(value, false);
        }

        static Num hex(int value) {
            return new Num(Integer.toUnsignedLong(value), true);
        }
    }

    /** A network: {@code 10.0.0.0/8}. */
    record Prefix(Cidr cidr) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** A single address. */
    record Addr(InetAddress address) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code first-last}. */
    record Range(long first, long last) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code @name}: a named set or map. */
    record SetRef(String name) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /**
     * Bit flags such as conntrack states: {@code established,related} as a match value, {@code (established |
     * related)} as an operand of {@code &}.
     */
    record Flags(ImmutableList<String> names) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** A verdict-map element: {@code "eth0" : goto chain}. */
    record MapElem(Expr key, Verdict verdict) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** A statement: a rule is a list of them. */
    sealed interface Stmt permits Match, Verdict, Reject, Counter, Mangle, Log, Notrack, Vmap {
        <R> R accept(StmtVisitor<R> v);
    }

    /** One method per kind of statement. */
    interface StmtVisitor<R> {
        R visit(Match s);

        R visit(Verdict s);

        R visit(Reject s);

        R visit(Counter s);

        R visit(Mangle s);

        R visit(Log s);

        R visit(Notrack s);

        R visit(Vmap s);
    }

    /** How a match compares; {@code IMPLICIT} is nft's juxtaposition (equality, or "any of" for flags). */
    enum Op {
        IMPLICIT("", "=="), EQ("==", "=="), NE("!=", "!="), ANY_OF("", "in");

        final String text;
        final String json;

        Op(String text, String json) {
            this.text = text;
            this.json = json;
        }
    }

    /** {@code left [op] right}. */
    record Match(Expr left, Op op, Expr right) implements Stmt {
        @Override
        public <R> R accept(StmtVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code accept}, {@code drop}, {@code return}, {@code continue}, {@code jump X}, {@code goto X}. */
    record Verdict(String kind, Optional<String> target) implements Stmt {
        @Override
        public <R> R accept(StmtVisitor<R> v) {
            return v.visit(this);
        }

        static Verdict of(String kind) {
            return new Verdict(kind, Optional.empty());
        }

        static Verdict to(String kind, String chain) {
            return new Verdict(kind, Optional.of(chain));
        }
    }

    /** {@code reject}: in the inet family, icmpx port-unreachable. */
    record Reject() implements Stmt {
        @Override
        public <R> R accept(StmtVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code counter}. */
    record Counter() implements Stmt {
        @Override
        public <R> R accept(StmtVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code <key> set <value>}. */
    record Mangle(Expr key, Expr value) implements Stmt {
        @Override
        public <R> R accept(StmtVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code log [prefix "..."] level <level>}. */
    record Log(Optional<String> prefix, String level) implements Stmt {
        @Override
        public <R> R accept(StmtVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code notrack}. */
    record Notrack() implements Stmt {
        @Override
        public <R> R accept(StmtVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code <key> vmap @<map>}. */
    record Vmap(Expr key, String map) implements Stmt {
        @Override
        public <R> R accept(StmtVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** One rule: its statements in order and its comment ("" for none). */
    record Rule(ImmutableList<Stmt> statements, String comment) {}

    /**
     * A named set or map.
     *
     * @param keyType the key's data types, concatenated ({@code ipv4_addr . inet_proto . inet_service})
     * @param mapData the data type of a map ({@code verdict}); empty for a set
     * @param flags such as {@code interval}
     */
    record SetDecl(String name, ImmutableList<String> keyType, Optional<String> mapData, ImmutableList<String> flags,
                   ImmutableList<Expr> elements) {
        boolean isMap() {
            return mapData.isPresent();
        }
    }

    /** What makes a chain a base chain. */
    record Hook(String type, String hook, int priority, String policy) {}

    /** A chain; base chains have a hook. */
    record Chain(String name, Optional<Hook> hook, ImmutableList<Rule> rules) {}

    /**
     * The whole table, in output order.
     *
     * @param node the node the ruleset is for (filtered free text), for the text header
     * @param sets sets and maps in declaration order
     * @param chains base chains in packet order, then regular chains by name
     */
    record Table(String family, String name, String node, ImmutableList<SetDecl> sets, ImmutableList<Chain> chains) {}

    static <T> ImmutableList<T> list(List<T> items) {
        return ImmutableList.copyOf(items);
    }
}
