package io.hostwall.compiler.graph;

import io.hostwall.compiler.explain.Explanation;
import io.hostwall.compiler.eval.RuleVisit;
import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.compiler.oracle.PacketText;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.Hook;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.IrText;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.RuleOrigin.Purpose;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's ruleset as a Graphviz DOT graph: each stage (a base chain: raw, mangle or filter; in, out or forward) is a
 * cluster holding the chains a packet can reach from it: base chain → interface dispatch → endpoint chains → tiers
 * → policy (and profile, failsafe) chains. Each edge says what sends a packet along it: the interface, the mark or
 * conntrack condition of the jump. With an {@link Explanation}, the chains, tiers and edges the packet went through
 * (the IR interpreter's trace) are drawn in red and the graph's title names the packet and its verdict.
 *
 * <pre>{@code
 * String dot = RulesetGraph.dot(node.ruleset(), Optional.of(node.explain(packet)));
 * // dot -Tsvg -o node1.svg
 * }</pre>
 *
 * <p>Deterministic (the same ruleset and packet give the same bytes). Node identifiers are generated; every name,
 * label and tooltip is a quoted DOT string with quotes, backslashes and control characters escaped, so no name in
 * the manifests can add to or change the graph. A chain reached from several stages is drawn in each (as iptables
 * copies it into each table), so that each stage reads on its own.
 */
public final class RulesetGraph {
    private RulesetGraph() {}

    /** The most rules a chain's tooltip lists; a reviewer reads the rest with {@code hostwall compile}. */
    static final int TOOLTIP_RULES = 40;

    private static final String HIGHLIGHT = "#d62728";
    private static final String HIGHLIGHT_FILL = "#fde0dd";

    /**
     * The DOT text of a ruleset.
     *
     * @param ruleset the ruleset
     * @return the graph, ending in a newline
     */
    public static String dot(Ruleset ruleset) {
        return dot(ruleset, Optional.empty());
    }

    /**
     * The DOT text of a ruleset with the path of a packet drawn in red.
     *
     * @param ruleset the ruleset
     * @param path the explanation of a packet on this ruleset ({@code CompiledNode.explain}); empty for none
     * @return the graph, ending in a newline
     * @throws IllegalArgumentException when the explanation is about another node
     */
    public static String dot(Ruleset ruleset, Optional<Explanation> path) {
        path.ifPresent(e -> {
            if (!e.node().equals(ruleset.node())) {
                throw new IllegalArgumentException("the explanation is about node " + e.node() + ", not "
                        + ruleset.node());
            }
        });
        return new Writer(ruleset, path).write();
    }

    /**
     * {@code text} as a quoted DOT string: quotes and backslashes escaped (so that none of DOT's {@code \N},
     * {@code \l} escapes can be smuggled in), newlines as DOT's {@code \n}, other control characters as {@code ?}.
     *
     * @param text any text
     * @return the quoted string
     */
    public static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append('?');
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** One drawn chain: its stage, its id and what it is. */
    private record Vertex(String id, String chain, List<IrRule> rules) {}

    /** One drawn edge; {@code rule} is the index of the rule that sends packets along it. */
    private record Edge(String from, String to, String label, int stage, String chain, int rule, String target) {}

    private static final class Writer {
        private final Ruleset ruleset;
        private final Optional<Explanation> path;
        private final Map<String, Chain> chains = new HashMap<>();
        private final StringBuilder out = new StringBuilder();
        private final List<Edge> edges = new ArrayList<>();
        // What the packet did: stage -> chains it was in; (stage, chain, rule index) of matched rules; and for
        // matched dispatch and jump rules, the chain the packet was in next.
        private final Map<Integer, Set<String>> visited = new HashMap<>();
        private final Set<String> matched = new HashSet<>();
        private final Map<String, String> next = new HashMap<>();
        private final Set<String> highlightedVertices = new HashSet<>();

        Writer(Ruleset ruleset, Optional<Explanation> path) {
            this.ruleset = ruleset;
            this.path = path;
            ruleset.chains().forEach(c -> chains.put(c.name(), c));
            path.ifPresent(this::trace);
        }

        private int stageOf(TableKind table, Hook hook) {
            List<BaseChain> bases = ruleset.baseChains();
            for (int i = 0; i < bases.size(); i++) {
                if (bases.get(i).table() == table && bases.get(i).hook() == hook) {
                    return i;
                }
            }
            return -1;
        }

        private void trace(Explanation e) {
            String pending = null;
            int pendingStage = -1;
            for (RuleVisit r : e.ruleVisits()) {
                TracedRule tr = r.rule();
                int stage = stageOf(tr.table(), tr.hook());
                visited.computeIfAbsent(stage, k -> new HashSet<>()).add(tr.chain());
                if (pending != null && pendingStage == stage) {
                    next.put(pending, tr.chain());
                }
                pending = null;
                if (r.matched()) {
                    String key = key(stage, tr.chain(), tr.index());
                    matched.add(key);
                    IrAction a = tr.rule().action();
                    if (a instanceof IrAction.Dispatch || a instanceof IrAction.Jump || a instanceof IrAction.Goto) {
                        pending = key;
                        pendingStage = stage;
                    }
                }
            }
        }

        private static String key(int stage, String chain, int rule) {
            return stage + "\n" + chain + "\n" + rule;
        }

        String write() {
            out.append("digraph ").append(quote("hostwall " + ruleset.node())).append(" {\n");
            List<String> title = new ArrayList<>();
            title.add("hostwall ruleset of node " + ruleset.node());
            path.ifPresent(e -> {
                title.add("packet: " + PacketText.describe(e.packet()));
                title.add("verdict: " + e.verdict() + e.decidingIrRule().map(r -> " (" + String.join("; ",
                        r.rule().comments().isEmpty() ? List.of(IrText.rule(r.rule())) : r.rule().comments()) + ")")
                        .orElse(""));
            });
            out.append("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", fontsize=12, label=")
                    .append(quote(String.join("\n", title))).append("];\n");
            out.append("  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
            out.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
            List<BaseChain> bases = ruleset.baseChains();
            for (TableKind table : TableKind.values()) {
                boolean any = bases.stream().anyMatch(b -> b.table() == table);
                if (!any) {
                    continue;
                }
                out.append("  subgraph ").append(quote("cluster_" + table.iptablesName())).append(" {\n");
                out.append("    label=").append(quote(table.iptablesName())).append(";\n");
                for (int i = 0; i < bases.size(); i++) {
                    if (bases.get(i).table() == table) {
                        stage(i, bases.get(i));
                    }
                }
                out.append("  }\n");
            }
            for (Edge e : edges) {
                boolean hot = matched.contains(key(e.stage(), e.chain(), e.rule()))
                        && (e.target() == null || e.target().equals(next.get(key(e.stage(), e.chain(), e.rule()))))
                        && highlightedVertices.contains(e.to());
                out.append("  ").append(e.from()).append(" -> ").append(e.to()).append(" [label=")
                        .append(quote(e.label()));
                if (hot) {
                    out.append(", color=\"").append(HIGHLIGHT).append("\", fontcolor=\"").append(HIGHLIGHT)
                            .append("\", penwidth=2.5");
                }
                out.append("];\n");
            }
            out.append("}\n");
            return out.toString();
        }

        private static String direction(Hook hook) {
            return switch (hook) {
                case PREROUTING, INPUT -> "in";
                case OUTPUT, POSTROUTING -> "out";
                case FORWARD -> "forward";
            };
        }

        /** One stage: its cluster, the chains reachable from its base chain, and their edges. */
        private void stage(int s, BaseChain base) {
            out.append("    subgraph ").append(quote("cluster_s" + s)).append(" {\n");
            out.append("      label=").append(quote(base.table().iptablesName() + " " + base.hook() + " ("
                    + direction(base.hook()) + ")")).append(";\n");
            Map<String, Vertex> vertices = new LinkedHashMap<>();
            Map<String, String> kinds = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>();
            vertices.put(base.name(), new Vertex("s" + s + "_c0", base.name(), base.rules()));
            kinds.put(base.name(), "base chain, " + base.table().iptablesName() + " " + base.hook());
            queue.add(base.name());
            List<String> lines = new ArrayList<>();
            while (!queue.isEmpty()) {
                Vertex v = vertices.get(queue.poll());
                String tier = null;
                int tiers = 0;
                int inTier = 0;
                for (int i = 0; i < v.rules().size(); i++) {
                    IrRule rule = v.rules().get(i);
                    Optional<Purpose> purpose = rule.origin() instanceof RuleOrigin.Builtin b
                            ? Optional.of(b.purpose()) : Optional.empty();
                    if (purpose.equals(Optional.of(Purpose.TIER_START))) {
                        String name = ((RuleOrigin.Builtin) rule.origin()).subject().orElseThrow();
                        tier = v.id() + "_t" + tiers++;
                        inTier = 0;
                        boolean hot = visitedRule(s, v.chain(), i);
                        vertex(lines, tier, List.of("tier " + name), "tier " + name, "folder", hot);
                        edges.add(new Edge(v.id(), tier, "tier " + name, s, v.chain(), i, null));
                        continue;
                    }
                    if (purpose.isEmpty() || purpose.get() == Purpose.PROFILE_JUMP
                            || purpose.get() == Purpose.FINAL_DROP || purpose.get() == Purpose.FAILSAFE_JUMP) {
                        tier = null;
                    }
                    for (Map.Entry<String, String> t : targets(rule).entrySet()) {
                        String target = t.getKey();
                        Chain c = chains.get(target);
                        if (c == null) {
                            continue; // a hand-built ruleset may name a chain it lacks: nothing to draw
                        }
                        if (!vertices.containsKey(target)) {
                            vertices.put(target, new Vertex("s" + s + "_c" + vertices.size(), target, c.rules()));
                            kinds.put(target, kind(rule, target));
                            queue.add(target);
                        }
                        boolean fromTier = tier != null && purpose.equals(Optional.of(Purpose.POLICY_JUMP));
                        // Policies of a tier run in order; the number says which comes first.
                        String label = fromTier ? "#" + ++inTier + " " + t.getValue() : t.getValue();
                        edges.add(new Edge(fromTier ? tier : v.id(), vertices.get(target).id(), label, s,
                                v.chain(), i, rule.action() instanceof IrAction.Dispatch ? target : null));
                    }
                }
            }
            for (Vertex v : vertices.values()) {
                List<String> label = new ArrayList<>();
                label.add(v.chain());
                label.add(kinds.get(v.chain()));
                label.add(v.rules().size() + (v.rules().size() == 1 ? " rule" : " rules"));
                List<String> tip = new ArrayList<>();
                for (int i = 0; i < v.rules().size() && i < TOOLTIP_RULES; i++) {
                    IrRule r = v.rules().get(i);
                    tip.add("[" + i + "] " + IrText.rule(r)
                            + (r.comments().isEmpty() ? "" : "  # " + String.join("; ", r.comments())));
                }
                if (v.rules().size() > TOOLTIP_RULES) {
                    tip.add("... " + (v.rules().size() - TOOLTIP_RULES) + " more");
                }
                boolean hot = visited.getOrDefault(s, Set.of()).contains(v.chain());
                vertex(lines, v.id(), label, String.join("\n", tip), v.id().endsWith("_c0") ? "box3d" : "box", hot);
            }
            lines.forEach(l -> out.append("      ").append(l).append('\n'));
            out.append("    }\n");
        }

        private boolean visitedRule(int stage, String chain, int rule) {
            return matched.contains(key(stage, chain, rule));
        }

        private void vertex(List<String> lines, String id, List<String> label, String tooltip, String shape,
                boolean hot) {
            StringBuilder b = new StringBuilder(id).append(" [shape=").append(shape).append(", label=")
                    .append(quote(String.join("\n", label))).append(", tooltip=").append(quote(tooltip));
            if (hot) {
                highlightedVertices.add(id);
                b.append(", color=\"").append(HIGHLIGHT).append("\", style=\"filled,bold\", fillcolor=\"")
                        .append(HIGHLIGHT_FILL).append("\", penwidth=2.5");
            }
            lines.add(b.append("];").toString());
        }

        /** What the chain a rule sends packets to is, by the rule's purpose. */
        private static String kind(IrRule rule, String target) {
            if (rule.action() instanceof IrAction.Dispatch || rule.origin() instanceof RuleOrigin.Builtin b
                    && b.purpose() == Purpose.DISPATCH_FALLBACK) {
                return "endpoint chain";
            }
            if (rule.origin() instanceof RuleOrigin.Builtin b) {
                return switch (b.purpose()) {
                    case DISPATCH_JUMP -> "interface dispatch";
                    case POLICY_JUMP -> "policy " + b.subject().orElseThrow();
                    case POLICY_GROUP_JUMP -> "policies from " + b.subject().orElseThrow() + " on";
                    case PROFILE_JUMP -> "profile " + b.subject().orElseThrow();
                    case FAILSAFE_JUMP -> "failsafe ports";
                    default -> "chain";
                };
            }
            return "chain";
        }

        /** The chains a rule sends packets to, each with what sends them there, in a fixed order. */
        private static Map<String, String> targets(IrRule rule) {
            Map<String, String> out = new LinkedHashMap<>();
            String cond = IrText.matches(rule);
            if (rule.action() instanceof IrAction.Jump j) {
                out.put(j.chain(), cond.isEmpty() ? "jump" : cond);
            } else if (rule.action() instanceof IrAction.Goto g) {
                out.put(g.chain(), "goto" + (cond.isEmpty() ? "" : " if " + cond));
            } else if (rule.action() instanceof IrAction.Dispatch d) {
                String dir = d.direction() == io.hostwall.ir.InterfaceDirection.IN ? "iif " : "oif ";
                for (Map.Entry<String, String> t : d.targets().entrySet()) {
                    String label = dir + t.getKey() + (cond.isEmpty() ? "" : " " + cond);
                    out.merge(t.getValue(), label, (a, b) -> a + ", " + b);
                }
            }
            return out;
        }
    }
}
