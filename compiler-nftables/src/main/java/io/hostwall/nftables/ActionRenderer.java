package io.hostwall.nftables;

import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.IrAction;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The statement part of a rule: verdicts, mark, log, notrack, interface dispatch. */
final class ActionRenderer {
    /**
     * A rendered action: {@code match} is an extra match the action brings (the interface test of a one-entry
     * dispatch), {@code statement} the statement proper; either may be empty.
     */
    record Rendered(Optional<Nft.Match> match, Optional<Nft.Stmt> statement) {}

    private final Set<String> chains;
    private final SharedSets shared;

    /** @param chains the regular chains: the only valid jump, goto and dispatch targets (nft refuses base chains) */
    ActionRenderer(Set<String> chains, SharedSets shared) {
        this.chains = chains;
        this.shared = shared;
    }

    Rendered render(IrAction action) {
        return action.accept(new IrAction.Visitor<Rendered>() {
            @Override
            public Rendered visit(IrAction.Accept a) {
                return statement(Nft.Verdict.of("accept"));
            }

            @Override
            public Rendered visit(IrAction.Drop a) {
                return statement(Nft.Verdict.of("drop"));
            }

            @Override
            public Rendered visit(IrAction.Reject a) {
                // In the inet family a bare reject is icmpx port-unreachable (ICMP port unreachable for IPv4, ICMPv6
                // port unreachable for IPv6): what iptables' REJECT sends by default, so both backends answer alike.
                return statement(new Nft.Reject());
            }

            @Override
            public Rendered visit(IrAction.Return a) {
                return statement(Nft.Verdict.of("return"));
            }

            @Override
            public Rendered visit(IrAction.Jump j) {
                return statement(Nft.Verdict.to("jump", target(j.chain())));
            }

            @Override
            public Rendered visit(IrAction.Goto g) {
                return statement(Nft.Verdict.to("goto", target(g.chain())));
            }

            @Override
            public Rendered visit(IrAction.SetMark m) {
                return setMark(m).map(ActionRenderer::statement).orElse(NOTHING);
            }

            @Override
            public Rendered visit(IrAction.Log l) {
                String prefix = NftStrings.logPrefix(l.prefix());
                return statement(new Nft.Log(prefix.isEmpty() ? Optional.empty() : Optional.of(prefix), "info"));
            }

            @Override
            public Rendered visit(IrAction.Notrack a) {
                return statement(new Nft.Notrack());
            }

            @Override
            public Rendered visit(IrAction.Dispatch d) {
                return dispatch(d);
            }
        });
    }

    private static final Rendered NOTHING = new Rendered(Optional.empty(), Optional.empty());

    private static Rendered statement(Nft.Stmt s) {
        return new Rendered(Optional.empty(), Optional.of(s));
    }

    private String target(String chain) {
        if (chains.contains(chain)) {
            return chain; // its name was checked when the chains were indexed
        }
        NftNames.object("chain", chain);
        throw new IllegalArgumentException("jump/goto target " + chain
                + " is not a regular chain of the ruleset (nft cannot jump to a base chain)");
    }

    /**
     * {@code mark = (mark & ~mask) | value} (FR §2): {@code meta mark set meta mark & ~mask | value}, shortened to
     * the OR (set bits) or the AND (clear bits) when that says the same. nft evaluates left to right and turns
     * the pair into one bitwise op ({@code (mark & ~mask) ^ value}, equal to OR since value ⊆ mask).
     */
    static Optional<Nft.Stmt> setMark(IrAction.SetMark m) {
        int mask = m.mask();
        int value = m.value();
        Nft.Meta mark = new Nft.Meta("mark");
        Nft.Expr newMark;
        if (mask == 0) {
            return Optional.empty(); // changes nothing
        } else if (mask == -1) {
            newMark = Nft.Num.hex(value);
        } else if (value == mask) {
            newMark = new Nft.BinOp("|", mark, Nft.Num.hex(value));
        } else if (value == 0) {
            newMark = new Nft.BinOp("&", mark, Nft.Num.hex(~mask));
        } else {
            newMark = new Nft.BinOp("|", new Nft.BinOp("&", mark, Nft.Num.hex(~mask)), Nft.Num.hex(value));
        }
        return Optional.of(new Nft.Mangle(mark, newMark));
    }

    /**
     * A map lookup, not a rule per interface: {@code iifname vmap @ifmap-<hash>} with {@code goto} verdicts (see
     * {@link SharedSets#dispatch}). One entry needs no map: {@code iifname "eth0" goto <chain>}. No entry matches
     * nothing; the rule then does nothing (the IR says: otherwise continue with the next rule).
     */
    private Rendered dispatch(IrAction.Dispatch d) {
        ImmutableSortedMap<String, String> targets = d.targets();
        for (Map.Entry<String, String> e : targets.entrySet()) {
            NftNames.ifname(e.getKey(), false);
            target(e.getValue());
        }
        Nft.Meta keyword = MatchRenderer.ifKeyword(d.direction());
        if (targets.isEmpty()) {
            return NOTHING;
        } else if (targets.size() == 1) {
            Map.Entry<String, String> only = targets.firstEntry();
            return new Rendered(Optional.of(MatchRenderer.eq(keyword, new Nft.Str(NftNames.ifnameValue(only.getKey(), false)))),
                    Optional.of(Nft.Verdict.to("goto", only.getValue())));
        }
        return statement(new Nft.Vmap(keyword, shared.dispatch(targets)));
    }
}
