package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@link Nft.Table} the script is printed from, as the dataplane's objects: one {@link DesiredObject.Set} per set
 * or map and one {@link DesiredObject.Chain} per chain, every text spelled by {@link NftText} (the rule lines and
 * element texts of the script, the base-chain hook line), so the live path and {@code nft -f} of the script load the
 * same table.
 */
final class NftObjects {
    private NftObjects() {}

    /** {@return the scope of every object of {@code table}: {@code inet <name>}} */
    static String scope(String family, String table) {
        return family + " " + table;
    }

    static DesiredState of(Nft.Table table) {
        String scope = scope(table.family(), table.name());
        List<DesiredObject> objects = new ArrayList<>();
        for (Nft.SetDecl s : table.sets()) {
            objects.add(set(scope, s));
        }
        for (Nft.Chain c : table.chains()) {
            objects.add(chain(scope, c));
        }
        return DesiredState.of(objects);
    }

    /** {@return one set or map of table {@code scope} as the dataplane's object} */
    static DesiredObject.Set set(String scope, Nft.SetDecl s) {
        ImmutableSortedSet<String> elements = s.elements().stream().map(NftText::expr)
                .collect(ImmutableSortedSet.toImmutableSortedSet(String::compareTo));
        return new DesiredObject.Set(ObjectId.set(scope, s.name()), declaration(s), elements);
    }

    /** {@return one chain of table {@code scope} as the dataplane's object} */
    static DesiredObject.Chain chain(String scope, Nft.Chain c) {
        ImmutableList<String> rules = c.rules().stream().map(NftText::rule).collect(ImmutableList.toImmutableList());
        String header = c.hook().map(NftObjects::header).orElse("");
        return new DesiredObject.Chain(ObjectId.chain(scope, c.name()), header, rules, uses(scope, c));
    }

    /**
     * What goes between the braces of {@code add set|map <table> <name> { ... }} before the elements: {@code type
     * ipv4_addr; flags interval;} or, for a map, {@code type ifname : verdict;} (a map's type names its data after
     * {@code " : "}, which no key type contains: concatenations join with {@code " . "}).
     */
    static String declaration(Nft.SetDecl s) {
        StringBuilder b = new StringBuilder("type ").append(String.join(" . ", s.keyType()));
        s.mapData().ifPresent(d -> b.append(" : ").append(d));
        b.append(';');
        if (!s.flags().isEmpty()) {
            b.append(" flags ").append(String.join(",", s.flags())).append(';');
        }
        return b.toString();
    }

    /** Whether a {@link #declaration} declares a map. */
    static boolean isMap(String declaration) {
        int end = declaration.indexOf(';');
        return (end < 0 ? declaration : declaration.substring(0, end)).contains(" : ");
    }

    /** The base-chain line of the script: {@code type filter hook input priority 0; policy accept;}. */
    static String header(Nft.Hook h) {
        return "type " + h.type() + " hook " + h.hook() + " priority " + h.priority() + "; policy " + h.policy() + ";";
    }

    /** The chains a chain's rules jump or go to, and the sets and maps they look up. */
    private static ImmutableSortedSet<ObjectId> uses(String scope, Nft.Chain c) {
        Uses uses = new Uses(scope);
        c.rules().forEach(r -> r.statements().forEach(s -> s.accept(uses.statements)));
        return ImmutableSortedSet.copyOf(uses.found);
    }

    /** Collects references with the model's visitors, so a new kind of statement or expression must say its own. */
    private static final class Uses {
        final String scope;
        final SortedSet<ObjectId> found = new TreeSet<>();
        final Nft.ExprVisitor<Void> exprs = new Nft.ExprVisitor<>() {
            @Override
            public Void visit(Nft.Meta e) {
                return null;
            }

            @Override
            public Void visit(Nft.Payload e) {
                return null;
            }

            @Override
            public Void visit(Nft.Ct e) {
                return null;
            }

            @Override
            public Void visit(Nft.Concat e) {
                e.parts().forEach(p -> p.accept(this));
                return null;
            }

            @Override
            public Void visit(Nft.BinOp e) {
                e.left().accept(this);
                return e.right().accept(this);
            }

            @Override
            public Void visit(Nft.Sym e) {
                return null;
            }

            @Override
            public Void visit(Nft.Str e) {
                return null;
            }

            @Override
            public Void visit(Nft.Num e) {
                return null;
            }

            @Override
            public Void visit(Nft.Prefix e) {
                return null;
            }

            @Override
            public Void visit(Nft.Addr e) {
                return null;
            }

            @Override
            public Void visit(Nft.Range e) {
                return null;
            }

            @Override
            public Void visit(Nft.SetRef e) {
                found.add(ObjectId.set(scope, e.name()));
                return null;
            }

            @Override
            public Void visit(Nft.Flags e) {
                return null;
            }

            @Override
            public Void visit(Nft.MapElem e) {
                e.key().accept(this);
                return e.verdict().accept(statements);
            }
        };
        final Nft.StmtVisitor<Void> statements = new Nft.StmtVisitor<>() {
            @Override
            public Void visit(Nft.Match s) {
                s.left().accept(exprs);
                return s.right().accept(exprs);
            }

            @Override
            public Void visit(Nft.Verdict s) {
                s.target().ifPresent(t -> found.add(ObjectId.chain(scope, t)));
                return null;
            }

            @Override
            public Void visit(Nft.Reject s) {
                return null;
            }

            @Override
            public Void visit(Nft.Counter s) {
                return null;
            }

            @Override
            public Void visit(Nft.Mangle s) {
                s.key().accept(exprs);
                return s.value().accept(exprs);
            }

            @Override
            public Void visit(Nft.Log s) {
                return null;
            }

            @Override
            public Void visit(Nft.Notrack s) {
                return null;
            }

            @Override
            public Void visit(Nft.Vmap s) {
                found.add(ObjectId.set(scope, s.map()));
                return s.key().accept(exprs);
            }
        };

        Uses(String scope) {
            this.scope = scope;
        }
    }
}
