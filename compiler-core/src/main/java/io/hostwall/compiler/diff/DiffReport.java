package io.hostwall.compiler.diff;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.compiler.oracle.PacketText;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.IrText;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.model.ResourceRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The differences of several nodes, as text for people and as a JSON-ready map for tools. Both are deterministic:
 * the same diffs give the same bytes.
 *
 * @param nodes the nodes compared, sorted by name as given
 */
public record DiffReport(ImmutableList<NodeDiff> nodes) {

    /** The schema name and version {@link #toMap()} puts under {@code schema}; changes only with a new version. */
    public static final String SCHEMA = "hostwall-diff/1";

    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    /**
     * Checks for null.
     *
     * @param nodes the nodes compared, sorted by name as given
     */
    public DiffReport {
        Objects.requireNonNull(nodes, "nodes");
    }

    /**
     * A report of {@code nodes}.
     *
     * @param nodes the node diffs, in the order to report them
     * @return the report
     */
    public static DiffReport of(List<NodeDiff> nodes) {
        return new DiffReport(ImmutableList.copyOf(nodes));
    }

    /**
     * Whether every node is identical.
     *
     * @return true when nothing differs
     */
    public boolean identical() {
        return nodes.stream().allMatch(NodeDiff::identical);
    }

    /**
     * The report for people. Per node: a {@code node NAME: changed} header, its host endpoints, chains and rules
     * ({@code +} added, {@code -} removed, {@code ~} changed, each with {@code # origin}), sets and their elements
     * (with the resources they come from), probe verdicts that changed, then the unified diff of each rendered
     * document. Control characters in names are escaped, so no input can send escape sequences to a terminal.
     *
     * @param colour whether to colour it with ANSI escape sequences (for a terminal)
     * @return the text, ending in a newline
     */
    public String text(boolean colour) {
        Text t = new Text(colour);
        for (NodeDiff n : nodes) {
            node(t, n);
        }
        long differ = nodes.stream().filter(n -> !n.identical()).count();
        t.line(BOLD, differ == 0 ? "no differences (" + count(nodes.size(), "node") + ")"
                : differ + " of " + count(nodes.size(), "node") + (differ == 1 ? " differs" : " differ"));
        return t.toString();
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static void node(Text t, NodeDiff n) {
        Optional<Change> status = n.status();
        t.line(BOLD, "node " + n.node() + ": " + status.map(s -> s == Change.CHANGED ? "changed"
                : s == Change.ADDED ? "gains host endpoints" : "loses all host endpoints").orElse("identical"));
        if (status.isEmpty()) {
            return;
        }
        if (!n.endpoints().isEmpty()) {
            t.line(null, "  host endpoints:");
            for (EndpointChange e : n.endpoints()) {
                t.mark(e.change(), "    ", e.name() + "  (" + e.where() + ")");
            }
        }
        for (ChainDiff c : n.ruleset().chains()) {
            String head = (c.isBase() ? "base chain " : "chain ") + c.name()
                    + c.table().map(tk -> " (" + tk.iptablesName() + " " + c.hook().orElseThrow() + ")").orElse("")
                    + (c.change() == Change.CHANGED ? "" : ": " + c.change().label());
            t.line(null, "  " + head);
            for (RuleChange r : c.rules()) {
                rule(t, r);
            }
        }
        for (SetDiff s : n.ruleset().sets()) {
            String name = s.change() == Change.CHANGED && !s.oldName().equals(s.newName())
                    ? s.oldName().orElseThrow() + " -> " + s.newName().orElseThrow() : s.name();
            String used = s.usedBy().isEmpty() ? ""
                    : "  # used by " + s.usedBy().stream().map(Origins::text).collect(Collectors.joining(", "));
            t.line(null, "  set " + name + " (" + (s.family() == io.hostwall.net.IpFamily.V4 ? "ipv4" : "ipv6") + " "
                    + Origins.label(s.type()) + (s.change() == Change.CHANGED ? "" : ", " + s.change().label()) + ")"
                    + used);
            for (ElementChange e : s.elements()) {
                t.mark(e.change(), "    ", IrText.member(e.member()) + (e.sources().isEmpty() ? ""
                        : "  # " + e.sources().stream().map(ResourceRef::toString).collect(Collectors.joining(", "))));
            }
        }
        List<VerdictChange> changed = n.verdicts().stream().filter(VerdictChange::changed).toList();
        if (!n.verdicts().isEmpty()) {
            t.line(null, "  verdicts: " + changed.size() + " of " + count(n.verdicts().size(), "probe") + " changed");
            for (VerdictChange v : changed) {
                t.mark(Change.CHANGED, "    ", v.probe().name() + ": " + PacketText.describe(v.probe().packet())
                        + ": " + v.oldVerdict() + " -> " + v.newVerdict() + "  # was " + decided(v.oldDecidedBy())
                        + ", now " + decided(v.newDecidedBy()));
            }
        }
        for (DocumentDiff d : n.documents()) {
            for (String line : UnifiedDiff.lines(d.unifiedDiff())) {
                String colour = line.startsWith("---") || line.startsWith("+++") ? BOLD
                        : line.startsWith("@@") ? CYAN : line.startsWith("+") ? GREEN
                        : line.startsWith("-") ? RED : null;
                t.line(colour, line);
            }
        }
    }

    private static String decided(Optional<RuleOrigin> origin) {
        return origin.map(Origins::text).orElse("no single rule");
    }

    private static void rule(Text t, RuleChange r) {
        String origin = "  # " + Origins.text(r.origin());
        switch (r.change()) {
            case ADDED -> t.mark(Change.ADDED, "    ", "[" + r.newIndex().getAsInt() + "] "
                    + IrText.rule(r.newRule().orElseThrow()) + origin);
            case REMOVED -> t.mark(Change.REMOVED, "    ", "[" + r.oldIndex().getAsInt() + "] "
                    + IrText.rule(r.oldRule().orElseThrow()) + origin);
            case CHANGED -> {
                int o = r.oldIndex().getAsInt();
                int n = r.newIndex().getAsInt();
                t.mark(Change.CHANGED, "    ", "[" + (o == n ? Integer.toString(n) : o + "->" + n) + "]" + origin);
                t.mark(Change.REMOVED, "        ", IrText.rule(r.oldRule().orElseThrow()));
                t.mark(Change.ADDED, "        ", IrText.rule(r.newRule().orElseThrow()));
            }
            default -> throw new AssertionError(r.change());
        }
    }

    /** Lines with optional colour; every line's text is made printable first. */
    private static final class Text {
        private final boolean colour;
        private final StringBuilder out = new StringBuilder();

        Text(boolean colour) {
            this.colour = colour;
        }

        void mark(Change change, String indent, String text) {
            String c = change == Change.ADDED ? GREEN : change == Change.REMOVED ? RED : YELLOW;
            line(c, indent + change.mark() + " " + text);
        }

        void line(String ansi, String text) {
            String safe = printable(text);
            if (colour && ansi != null) {
                out.append(ansi).append(safe).append(RESET);
            } else {
                out.append(safe);
            }
            out.append('\n');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    /** Control characters (and DEL) as {@code \\uXXXX}: names never carry terminal escape sequences through. */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                if (b == null) {
                    b = new StringBuilder(s.substring(0, i));
                }
                b.append(String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    // ---- JSON ------------------------------------------------------------------------------------------------

    /**
     * The report for tools: nested maps (insertion-ordered) and lists of strings, numbers, booleans and nulls. Every
     * key below is always present (null where the value does not apply), and keys are only ever added within a
     * schema version:
     *
     * <pre>
     * {"schema": "hostwall-diff/1", "identical": bool, "nodes": [{
     *    "node": str, "status": "identical"|"added"|"removed"|"changed",
     *    "endpoints": [{"change": "added"|"removed"|"changed", "name": str, "where": str}],
     *    "chains": [{"chain": str, "table": "raw"|"mangle"|"filter"|null, "hook": "INPUT"|...|null,
     *               "change": ..., "rules": [{"change": ..., "oldIndex": int|null, "newIndex": int|null,
     *               "old": str|null, "new": str|null, "origin": ORIGIN}]}],
     *    "sets": [{"change": ..., "oldName": str|null, "newName": str|null, "family": 4|6,
     *              "type": "networks"|"address-protocol-port", "usedBy": [ORIGIN],
     *              "elements": [{"change": "added"|"removed", "element": str,
     *                            "sources": [{"kind": str, "name": str}]}]}],
     *    "documents": [{"backend": str, "document": "nft"|"iptables"|"ip6tables"|"ipset", "diff": str}],
     *    "verdicts": [{"name": str, "packet": PACKET, "changed": bool, "old": "allow"|"deny", "new": ...,
     *                  "oldDecidedBy": ORIGIN|null, "newDecidedBy": ORIGIN|null}]}]}
     * ORIGIN: {"kind": "policy-rule", "owner": "policy"|"profile", "name": str, "tier": str|null,
     *          "direction": "ingress"|"egress", "ruleIndex": int, "summary": str}
     *       | {"kind": "failsafe", "list": "inbound"|"outbound", "reply": bool, "protocol": str, "port": int,
     *          "net": str|null, "summary": str}
     *       | {"kind": "built-in", "purpose": str, "subject": str|null, "summary": str}
     *       | {"kind": "note", "lines": [str], "summary": str}
     * PACKET: as {@code hostwall explain --json} prints it.
     * </pre>
     *
     * Rules are shown in {@link IrText}'s form; {@code summary} is the origin as the text report prints it.
     *
     * @return the map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("identical", identical());
        m.put("nodes", nodes.stream().map(DiffReport::nodeMap).toList());
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> nodeMap(NodeDiff n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", n.node());
        m.put("status", n.status().map(Change::label).orElse("identical"));
        m.put("endpoints", n.endpoints().stream().map(e -> ordered("change", e.change().label(), "name", e.name(),
                "where", e.where())).toList());
        m.put("chains", n.ruleset().chains().stream().map(DiffReport::chainMap).toList());
        m.put("sets", n.ruleset().sets().stream().map(DiffReport::setMap).toList());
        m.put("documents", n.documents().stream().map(d -> ordered("backend", d.backend(), "document",
                d.kind().suffix(), "diff", d.unifiedDiff())).toList());
        m.put("verdicts", n.verdicts().stream().map(DiffReport::verdictMap).toList());
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> chainMap(ChainDiff c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", c.name());
        m.put("table", c.table().map(t -> t.iptablesName()).orElse(null));
        m.put("hook", c.hook().map(Enum::name).orElse(null));
        m.put("change", c.change().label());
        List<Object> rules = new ArrayList<>();
        for (RuleChange r : c.rules()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("change", r.change().label());
            rm.put("oldIndex", r.oldIndex().isPresent() ? r.oldIndex().getAsInt() : null);
            rm.put("newIndex", r.newIndex().isPresent() ? r.newIndex().getAsInt() : null);
            rm.put("old", r.oldRule().map(IrText::rule).orElse(null));
            rm.put("new", r.newRule().map(IrText::rule).orElse(null));
            rm.put("origin", Origins.map(r.origin()));
            rules.add(Collections.unmodifiableMap(rm));
        }
        m.put("rules", Collections.unmodifiableList(rules));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> setMap(SetDiff s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("change", s.change().label());
        m.put("oldName", s.oldName().orElse(null));
        m.put("newName", s.newName().orElse(null));
        m.put("family", s.family().version());
        m.put("type", Origins.label(s.type()));
        m.put("usedBy", s.usedBy().stream().map(Origins::map).toList());
        m.put("elements", s.elements().stream().map(e -> ordered("change", e.change().label(), "element",
                IrText.member(e.member()), "sources", e.sources().stream()
                        .map(r -> ordered("kind", r.kind().manifestName(), "name", r.name())).toList())).toList());
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> verdictMap(VerdictChange v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.probe().name());
        m.put("packet", Explanation.packetMap(v.probe().packet()));
        m.put("changed", v.changed());
        m.put("old", v.oldVerdict().toString());
        m.put("new", v.newVerdict().toString());
        m.put("oldDecidedBy", v.oldDecidedBy().map(Origins::map).orElse(null));
        m.put("newDecidedBy", v.newDecidedBy().map(Origins::map).orElse(null));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
