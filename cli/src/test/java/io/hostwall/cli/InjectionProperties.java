package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.ir.testing.ScratchNetns;
import io.hostwall.model.PolicySet;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.spi.Backends;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Injection as a property (issue 11): for any string that validation accepts in a resource name, a label, an
 * annotation, an interface name, the log prefix or a CLI flag (chain prefix, table, workload prefix), the rendered
 * documents have exactly as many statements, per document, as a benign control, and — for a bounded sample — load
 * into the real tools ({@code nft -c -f}, {@code ipset restore}, {@code iptables-restore --test},
 * {@code ip6tables-restore --test}) in a scratch network namespace.
 *
 * <p>Strings are drawn from an alphabet of everything that means something to a ruleset parser (quotes, comment
 * and statement separators, braces, line breaks, backslashes, '$', '@', non-ASCII) and the characters names
 * legitimately contain; most are refused by validation, which is the point: the property is about what gets through.
 */
class InjectionProperties {
    /** Real-tool runs per property: the kernel tools take a few hundred ms each. */
    private static final int TOOL_SAMPLE = 6;
    private static final Map<String, AtomicInteger> TOOL_RUNS = new TreeMap<>();
    private static final String BENIGN = "benign";

    private static final String BASE = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata:
              name: %HEP%
              labels: {role: host, %LABELKEY%: "%LABELVALUE%"}
              annotations: {note: "%ANNOTATION%"}
            spec: {node: node1, interfaceName: "%IFACE%"}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: "%POLICY%"}
            spec:
              selector: role == 'host'
              ingress:
              - {action: Log}
              - {action: Allow, protocol: TCP, source: {nets: [10.1.0.0/16, 10.2.0.0/16, 10.3.0.0/16, 10.4.0.0/16, 10.5.0.0/16]}}
              - {action: Deny}
              egress: [{action: Allow}]
            """;

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> chars = Arbitraries.strings().withChars("\"'`;{}#\n\r\t\\$@*-_.:/ ,=!()[]<>|&%")
                .withCharRange('a', 'z').withCharRange('0', '9').withChars("ABZéß\u202e\u0000").ofMinLength(1)
                .ofMaxLength(40);
        Arbitrary<String> plausible = Arbitraries.of("a\"b", "x;y", "a#b", "a\nb", "a\\b", "a b", "x}", "{x", "a'b",
                "a.b", "a-b", "a_b", "a/b", "a:b", "eth0.100", "e-_.x", "A", "drop", "accept", "counter", "jump");
        return Arbitraries.oneOf(chars, plausible);
    }

    private static String manifest(Map<String, String> slots) {
        String m = BASE;
        for (String slot : new String[] {"HEP", "LABELKEY", "LABELVALUE", "ANNOTATION", "IFACE", "POLICY"}) {
            String v = slots.getOrDefault(slot, switch (slot) {
                case "HEP" -> "node1-eth0";
                case "LABELKEY" -> "tier";
                case "LABELVALUE" -> "web";
                case "ANNOTATION" -> "hello";
                case "IFACE" -> "eth0";
                default -> "allow-some";
            });
            // JSON-style escaping inside the double-quoted YAML scalars, so that the string reaches validation
            // exactly as generated (unquoted slots are plain scalars and must survive YAML as they are).
            m = m.replace("%" + slot + "%", slot.equals("HEP") || slot.equals("LABELKEY") ? v : yamlEscape(v));
        }
        return m;
    }

    private static String yamlEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Each document of each backend, or empty when validation refuses the input. */
    private static Optional<Map<String, String>> render(String manifest, CompileOptions options, RenderOptions render) {
        PolicySet set;
        try {
            set = Hostwall.loadString("injection.yaml", manifest);
        } catch (ManifestException e) {
            return Optional.empty();
        }
        CompiledNode node;
        try {
            node = Hostwall.create(options).compile(set, "node1");
        } catch (CompileException e) {
            return Optional.empty();
        }
        Map<String, String> docs = new TreeMap<>();
        Backends.all().values().forEach(b -> node.render(b, render).documents()
                .forEach((k, v) -> docs.put(b.name() + "/" + k.suffix(), v)));
        return Optional.of(docs);
    }

    /** Statements: lines that are neither empty nor comments (nft and iptables-restore both use '#'). */
    private static long statements(String doc) {
        return doc.lines().filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#")).count();
    }

    private static void check(String place, String value, Function<String, Optional<Map<String, String>>> renderWith) {
        Optional<Map<String, String>> hostile = renderWith.apply(value);
        Assume.that(hostile.isPresent());
        Map<String, String> benign = renderWith.apply(BENIGN.substring(0, Math.min(BENIGN.length(), 6)))
                .or(() -> renderWith.apply("b")).orElseThrow(() -> new AssertionError("the benign control is refused"));
        assertEquals(benign.keySet(), hostile.get().keySet(), place + " " + value);
        for (String k : benign.keySet()) {
            String doc = hostile.get().get(k);
            assertEquals(statements(benign.get(k)), statements(doc), place + " " + Quote.of(value) + " changes the"
                    + " statements of " + k + ":\n" + doc);
            assertEquals(benign.get(k).lines().count(), doc.lines().count(), place + " " + Quote.of(value)
                    + " changes the lines of " + k);
        }
        AtomicInteger runs = TOOL_RUNS.computeIfAbsent(place, p -> new AtomicInteger());
        if (runs.getAndIncrement() < TOOL_SAMPLE) {
            loadIntoTools(place, value, hostile.get());
        }
    }

    private static void loadIntoTools(String place, String value, Map<String, String> docs) {
        try (ScratchNetns ns = ScratchNetns.create("nft", "ipset", "iptables-restore", "ip6tables-restore")) {
            String what = place + " " + Quote.of(value) + ": ";
            ns.pipe(docs.get("nftables/" + DocumentKind.NFT.suffix()), "nft", "-c", "-f", "-").orFail(what + "nft -c");
            String ipset = docs.get("iptables/" + DocumentKind.IPSET.suffix());
            if (ipset != null && !ipset.isBlank()) {
                ns.pipe(ipset, "ipset", "restore").orFail(what + "ipset restore");
            }
            ns.pipe(docs.get("iptables/" + DocumentKind.IPTABLES.suffix()), "iptables-restore", "--test")
                    .orFail(what + "iptables-restore --test");
            ns.pipe(docs.get("iptables/" + DocumentKind.IP6TABLES.suffix()), "ip6tables-restore", "--test")
                    .orFail(what + "ip6tables-restore --test");
        }
    }

    @Property(tries = 300, maxDiscardRatio = 50)
    void policyName(@ForAll("hostile") String v) {
        check("policy name", v, s -> render(manifest(Map.of("POLICY", s)), CompileOptions.defaults(), RenderOptions.defaults()));
    }

    @Property(tries = 300, maxDiscardRatio = 50)
    void hostEndpointName(@ForAll("hostile") String v) {
        check("host endpoint name", v, s -> render(manifest(Map.of("HEP", s)), CompileOptions.defaults(), RenderOptions.defaults()));
    }

    @Property(tries = 300, maxDiscardRatio = 50)
    void labelValue(@ForAll("hostile") String v) {
        check("label value", v, s -> render(manifest(Map.of("LABELVALUE", s)), CompileOptions.defaults(), RenderOptions.defaults()));
    }

    @Property(tries = 300, maxDiscardRatio = 50)
    void annotation(@ForAll("hostile") String v) {
        check("annotation", v, s -> render(manifest(Map.of("ANNOTATION", s)), CompileOptions.defaults(), RenderOptions.defaults()));
    }

    @Property(tries = 300, maxDiscardRatio = 50)
    void interfaceName(@ForAll("hostile") String v) {
        // A workload interface or "*" changes what is policed (a different ruleset by design, not an injection).
        Assume.that(!v.startsWith("cali") && !v.equals("*"));
        check("interface name", v, s -> render(manifest(Map.of("IFACE", s)), CompileOptions.defaults(), RenderOptions.defaults()));
    }

    @Property(tries = 300, maxDiscardRatio = 50)
    void logPrefix(@ForAll("hostile") String v) {
        check("log prefix", v, s -> {
            try {
                return render(manifest(Map.of()), CompileOptions.builder().logPrefix(s).build(), RenderOptions.defaults());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    @Property(tries = 300, maxDiscardRatio = 50)
    void cliFlags(@ForAll("flagValue") String v, @ForAll("flag") String flag) {
        // A workload prefix of eth0 turns the endpoint's interface into a workload one: different by design.
        Assume.that(!(flag.equals("workload-prefix") && "eth0".startsWith(v)));
        check("--" + flag, v, s -> {
            try {
                CompileOptions.Builder o = CompileOptions.builder();
                RenderOptions r = RenderOptions.defaults();
                switch (flag) {
                    case "chain-prefix" -> o.chainPrefix(s);
                    case "workload-prefix" -> o.workloadInterfacePrefixes(java.util.List.of(s));
                    default -> r = new RenderOptions(s, false);
                }
                return render(manifest(Map.of()), o.build(), r);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** Short values, mostly of the flags' own alphabets, with the parser-meaningful characters mixed in. */
    @Provide
    Arbitrary<String> flagValue() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("-_.\"';{}# \n\\$")
                .ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> flag() {
        return Arbitraries.of("chain-prefix", "workload-prefix", "table");
    }
}
