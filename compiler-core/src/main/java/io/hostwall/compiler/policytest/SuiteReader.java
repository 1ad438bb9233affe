package io.hostwall.compiler.policytest;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.model.Names;
import io.hostwall.model.Problem;
import io.hostwall.model.SourceLocation;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a located YAML tree into a {@link PolicyTestSuite}, reporting every problem with its line and field path
 * (e.g. {@code tests[2].packet.dport}) and carrying on, so that one run shows all of them.
 */
final class SuiteReader {
    private static final Set<String> TOP = Set.of("facts", "node", "tests");
    private static final Set<String> TEST = Set.of("name", "node", "facts", "packet", "expect", "policy", "rule");
    private static final Set<String> PACKET = Set.of("in", "out", "src", "dst", "proto", "sport", "dport",
            "icmp-type", "icmp-code", "dnat", "established", "invalid");
    /** The source port a TCP/UDP/SCTP packet gets when none is given, as {@code hostwall explain} does. */
    private static final int DEFAULT_SOURCE_PORT = 40000;

    private final String source;
    private final List<Problem> problems;

    SuiteReader(String source, List<Problem> problems) {
        this.source = source;
        this.problems = problems;
    }

    Optional<PolicyTestSuite> read(String text) {
        List<LocatedNode.SyntaxError> duplicates = new ArrayList<>();
        LocatedNode.Result parsed = LocatedNode.parse(text, source.endsWith(".json"), duplicates);
        duplicates.forEach(d -> problem(d.line(), "", d.message()));
        if (parsed.error().isPresent()) {
            problem(parsed.error().get().line(), "", parsed.error().get().message());
            return Optional.empty();
        }
        if (parsed.root().isEmpty()) {
            problem(1, "", "the file is empty: expected a mapping with a list of tests");
            return Optional.empty();
        }
        Optional<LocatedNode.Mapping> top = mapping(parsed.root().get(), "", TOP);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Map<String, LocatedNode.Entry> e = top.get().entries();
        ImmutableSortedMap<String, NodeFacts> facts = ImmutableSortedMap.of();
        if (e.containsKey("facts")) {
            facts = nodesFacts(e.get("facts").value(), "facts");
        }
        Optional<String> defaultNode = e.containsKey("node") ? nodeName(e.get("node").value(), "node")
                : Optional.empty();
        List<PolicyTestCase> cases = new ArrayList<>();
        if (!e.containsKey("tests")) {
            problem(top.get().line(), "tests", "missing: the list of tests");
        } else if (!(e.get("tests").value() instanceof LocatedNode.Sequence list) || list.items().isEmpty()) {
            problem(e.get("tests").line(), "tests", "expected a non-empty list of tests, got "
                    + e.get("tests").value().describe());
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.items().size(); i++) {
                String path = "tests[" + i + "]";
                testCase(list.items().get(i), path, defaultNode).ifPresent(c -> {
                    if (!names.add(c.name())) {
                        problem(c.location().line(), path + ".name", "test " + Names.quote(c.name())
                                + " is given twice");
                    } else {
                        cases.add(c);
                    }
                });
            }
        }
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PolicyTestSuite(source, facts, ImmutableList.copyOf(cases)));
    }

    private Optional<PolicyTestCase> testCase(LocatedNode node, String path, Optional<String> defaultNode) {
        Optional<LocatedNode.Mapping> m = mapping(node, path, TEST);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, LocatedNode.Entry> e = m.get().entries();
        Optional<String> name = required(m.get(), path, "name").flatMap(v -> string(v, path + ".name"));
        name.filter(String::isBlank).ifPresent(n -> problem(e.get("name").line(), path + ".name", "must not be blank"));
        Optional<String> nodeName = e.containsKey("node") ? nodeName(e.get("node").value(), path + ".node")
                : defaultNode;
        if (nodeName.isEmpty() && !e.containsKey("node")) {
            problem(m.get().line(), path + ".node", "missing: the node the packet meets (or a top-level node)");
        }
        Optional<NodeFacts> facts = e.containsKey("facts")
                ? interfaces(e.get("facts").value(), path + ".facts") : Optional.empty();
        Optional<Packet> packet = required(m.get(), path, "packet").flatMap(v -> packet(v, path + ".packet"));
        Optional<Verdict> verdict = required(m.get(), path, "expect").flatMap(v -> verdict(v, path + ".expect"));
        Optional<String> policy = Optional.empty();
        if (e.containsKey("policy")) {
            policy = string(e.get("policy").value(), path + ".policy");
        }
        Optional<PolicyTestCase.RuleIndex> rule = Optional.empty();
        if (e.containsKey("rule")) {
            LocatedNode r = e.get("rule").value();
            if (!e.containsKey("policy")) {
                problem(r.line(), path + ".rule", "needs the policy it belongs to: give policy too");
            }
            rule = r instanceof LocatedNode.Scalar s && s.kind() != LocatedNode.Kind.NULL
                    ? PolicyTestCase.RuleIndex.parse(s.text()) : Optional.empty();
            if (rule.isEmpty()) {
                problem(r.line(), path + ".rule", "expected a rule index such as 0, ingress[0] or egress[1], got "
                        + r.describe());
            }
        }
        if (problems.size() > before || name.isEmpty() || nodeName.isEmpty() || packet.isEmpty() || verdict.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PolicyTestCase(name.get(), nodeName.get(), packet.get(),
                new PolicyTestCase.Expectation(verdict.get(), policy, rule), facts,
                new SourceLocation(source, m.get().line())));
    }

    private Optional<Verdict> verdict(LocatedNode v, String path) {
        Optional<String> s = string(v, path);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return switch (s.get().toLowerCase(Locale.ROOT)) {
            case "allow" -> Optional.of(Verdict.ALLOW);
            case "deny" -> Optional.of(Verdict.DENY);
            default -> {
                problem(v.line(), path, "expected allow or deny, got " + v.describe());
                yield Optional.empty();
            }
        };
    }

    // ---- packets: the checks of hostwall explain's flags, with the fields' paths -------------------------------

    private Optional<Packet> packet(LocatedNode node, String path) {
        Optional<LocatedNode.Mapping> m = mapping(node, path, PACKET);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, LocatedNode.Entry> e = m.get().entries();
        Optional<String> in = optionalIface(e, "in", path);
        Optional<String> out = optionalIface(e, "out", path);
        if (!e.containsKey("in") && !e.containsKey("out")) {
            problem(m.get().line(), path, "give in, out or both (in only: to a host process; out only: from one;"
                    + " both: forwarded)");
        }
        Optional<InetAddress> src = required(m.get(), path, "src").flatMap(v -> address(v, path + ".src"));
        Optional<InetAddress> dst = required(m.get(), path, "dst").flatMap(v -> address(v, path + ".dst"));
        if (src.isPresent() && dst.isPresent() && IpFamily.of(src.get()) != IpFamily.of(dst.get())) {
            problem(e.get("dst").line(), path + ".dst", "src and dst must be of one IP family");
            return Optional.empty();
        }
        if (src.isEmpty() || dst.isEmpty()) {
            return Optional.empty();
        }
        IpFamily family = IpFamily.of(src.get());
        OptionalInt protocol = required(m.get(), path, "proto").map(v -> protocol(v, path + ".proto", family))
                .orElse(OptionalInt.empty());
        OptionalInt sport = integer(e, "sport", path, 65535);
        OptionalInt dport = integer(e, "dport", path, 65535);
        OptionalInt type = integer(e, "icmp-type", path, 255);
        OptionalInt code = integer(e, "icmp-code", path, 255);
        boolean established = flag(e, "established", path);
        boolean invalid = flag(e, "invalid", path);
        if (protocol.isEmpty()) {
            return Optional.empty();
        }
        int p = protocol.getAsInt();
        boolean ports = p == 6 || p == 17 || p == 132;
        boolean icmp = p == 1 || p == 58;
        if (!ports && (sport.isPresent() || dport.isPresent())) {
            problem(m.get().line(), path, "sport/dport need proto tcp, udp or sctp");
        }
        if (!icmp && (type.isPresent() || code.isPresent())) {
            problem(m.get().line(), path, "icmp-type/icmp-code need proto icmp or icmpv6");
        }
        if (code.isPresent() && type.isEmpty()) {
            problem(e.get("icmp-code").line(), path + ".icmp-code", "needs icmp-type");
        }
        if (established && invalid) {
            problem(m.get().line(), path, "give established or invalid, not both");
        }
        Optional<Packet.Dnat> dnat = e.containsKey("dnat") ? dnat(e.get("dnat").value(), path + ".dnat", family)
                : Optional.empty();
        if (problems.size() > before) {
            return Optional.empty();
        }
        try {
            Packet.Builder b = Packet.protocol(p, src.get(), dst.get());
            if (ports) {
                b.sourcePort(sport.orElse(DEFAULT_SOURCE_PORT));
                dport.ifPresent(b::destinationPort);
            }
            if (type.isPresent()) {
                if (code.isPresent()) {
                    b.icmpType(type.getAsInt(), code.getAsInt());
                } else {
                    b.icmpType(type.getAsInt());
                }
            }
            in.ifPresent(b::in);
            out.ifPresent(b::out);
            dnat.ifPresent(d -> b.dnat(d.address(), d.port()));
            if (established) {
                b.established();
            } else if (invalid) {
                b.invalid();
            }
            return Optional.of(b.build());
        } catch (IllegalArgumentException ex) {
            // Checked above field by field; this is the builder's word for anything left.
            problem(m.get().line(), path, ex.getMessage());
            return Optional.empty();
        }
    }

    private Optional<String> optionalIface(Map<String, LocatedNode.Entry> e, String key, String path) {
        if (!e.containsKey(key)) {
            return Optional.empty();
        }
        Optional<String> s = string(e.get(key).value(), path + "." + key);
        if (s.isPresent() && !Names.isInterfaceName(s.get())) {
            problem(e.get(key).line(), path + "." + key, "not an interface name: " + Names.quote(s.get()));
            return Optional.empty();
        }
        return s;
    }

    private OptionalInt protocol(LocatedNode v, String path, IpFamily family) {
        if (v instanceof LocatedNode.Scalar s && s.kind() != LocatedNode.Kind.NULL) {
            switch (s.text().toLowerCase(Locale.ROOT)) {
                case "tcp": return OptionalInt.of(6);
                case "udp": return OptionalInt.of(17);
                case "sctp": return OptionalInt.of(132);
                case "icmp": return OptionalInt.of(family == IpFamily.V4 ? 1 : 58);
                case "icmpv6": return OptionalInt.of(58);
                default:
                    if (s.text().matches("[0-9]{1,3}") && Integer.parseInt(s.text()) >= 1
                            && Integer.parseInt(s.text()) <= 255) {
                        return OptionalInt.of(Integer.parseInt(s.text()));
                    }
            }
        }
        problem(v.line(), path, "expected tcp, udp, icmp, icmpv6, sctp or 1..255, got " + v.describe());
        return OptionalInt.empty();
    }

    private Optional<Packet.Dnat> dnat(LocatedNode v, String path, IpFamily family) {
        Optional<String> text = string(v, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get();
        String host = t;
        Optional<String> port = Optional.empty();
        int colon = t.lastIndexOf(':');
        if (t.startsWith("[") && t.contains("]")) {
            host = t.substring(1, t.indexOf(']'));
            String rest = t.substring(t.indexOf(']') + 1);
            if (rest.startsWith(":")) {
                port = Optional.of(rest.substring(1));
            }
        } else if (colon > 0 && t.indexOf(':') == colon) {
            host = t.substring(0, colon);
            port = Optional.of(t.substring(colon + 1));
        }
        Optional<InetAddress> a = Cidr.parseAddress(host);
        if (a.isEmpty()) {
            problem(v.line(), path, "expected IP or IP:PORT ([IPv6]:PORT), got " + v.describe());
            return Optional.empty();
        }
        if (IpFamily.of(a.get()) != family) {
            problem(v.line(), path, "must be of the packet's IP family");
            return Optional.empty();
        }
        OptionalInt p = OptionalInt.empty();
        if (port.isPresent()) {
            if (!port.get().matches("[0-9]{1,5}") || Integer.parseInt(port.get()) > 65535) {
                problem(v.line(), path, "not a port: " + Names.quote(port.get()));
                return Optional.empty();
            }
            p = OptionalInt.of(Integer.parseInt(port.get()));
        }
        return Optional.of(new Packet.Dnat(a.get(), p));
    }

    // ---- facts ----------------------------------------------------------------------------------------------------

    private ImmutableSortedMap<String, NodeFacts> nodesFacts(LocatedNode v, String path) {
        if (!(v instanceof LocatedNode.Mapping m)) {
            problem(v.line(), path, "expected a mapping of node name -> interface -> list of addresses, got "
                    + v.describe());
            return ImmutableSortedMap.of();
        }
        TreeMap<String, NodeFacts> out = new TreeMap<>();
        for (LocatedNode.Entry e : m.entries().values()) {
            if (!Names.isDnsSubdomain(e.key())) {
                problem(e.line(), path, Names.quote(e.key()) + " is not a valid node name");
                continue;
            }
            interfaces(e.value(), path + "." + e.key()).ifPresent(f -> out.put(e.key(), f));
        }
        return ImmutableSortedMap.copyOf(out);
    }

    private Optional<NodeFacts> interfaces(LocatedNode v, String path) {
        if (!(v instanceof LocatedNode.Mapping m)) {
            problem(v.line(), path, "expected a mapping of interface name -> list of addresses, got " + v.describe());
            return Optional.empty();
        }
        int before = problems.size();
        NodeFacts.Builder b = NodeFacts.builder();
        for (LocatedNode.Entry e : m.entries().values()) {
            String ipath = path + "." + e.key();
            if (!Names.isInterfaceName(e.key())) {
                problem(e.line(), ipath, "not an interface name: use 1-15 characters of letters, digits, '_', '.'"
                        + " and '-'");
                continue;
            }
            List<InetAddress> addresses = new ArrayList<>();
            if (e.value() instanceof LocatedNode.Sequence s) {
                for (int i = 0; i < s.items().size(); i++) {
                    address(s.items().get(i), ipath + "[" + i + "]").ifPresent(addresses::add);
                }
            } else {
                problem(e.value().line(), ipath, "expected a list of addresses, got " + e.value().describe());
            }
            b.addInterface(e.key(), addresses);
        }
        return problems.size() > before ? Optional.empty() : Optional.of(b.build());
    }

    // ---- scalars --------------------------------------------------------------------------------------------------

    private Optional<LocatedNode.Mapping> mapping(LocatedNode v, String path, Set<String> known) {
        if (!(v instanceof LocatedNode.Mapping m)) {
            problem(v.line(), path, "expected a mapping, got " + v.describe());
            return Optional.empty();
        }
        for (LocatedNode.Entry e : m.entries().values()) {
            if (!known.contains(e.key())) {
                problem(e.line(), path.isEmpty() ? e.key() : path + "." + e.key(), "unknown field "
                        + Names.quote(e.key()) + "; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return Optional.of(m);
    }

    private Optional<LocatedNode> required(LocatedNode.Mapping m, String path, String key) {
        LocatedNode.Entry e = m.entries().get(key);
        if (e == null) {
            problem(m.line(), path + "." + key, "missing");
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    private Optional<String> string(LocatedNode v, String path) {
        if (v instanceof LocatedNode.Scalar s && s.kind() != LocatedNode.Kind.NULL) {
            return Optional.of(s.text());
        }
        problem(v.line(), path, "expected a string, got " + v.describe());
        return Optional.empty();
    }

    private Optional<String> nodeName(LocatedNode v, String path) {
        Optional<String> s = string(v, path);
        if (s.isPresent() && !Names.isDnsSubdomain(s.get())) {
            problem(v.line(), path, Names.quote(s.get()) + " is not a valid node name");
            return Optional.empty();
        }
        return s;
    }

    private Optional<InetAddress> address(LocatedNode v, String path) {
        Optional<String> s = string(v, path);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Optional<InetAddress> a = Cidr.parseAddress(s.get());
        if (a.isEmpty()) {
            problem(v.line(), path, "not an IP address: " + Names.quote(s.get()));
        }
        return a;
    }

    private OptionalInt integer(Map<String, LocatedNode.Entry> e, String key, String path, int max) {
        if (!e.containsKey(key)) {
            return OptionalInt.empty();
        }
        LocatedNode v = e.get(key).value();
        if (v instanceof LocatedNode.Scalar s && s.kind() == LocatedNode.Kind.INTEGER && s.text().matches("[0-9]{1,6}")
                && Integer.parseInt(s.text()) <= max) {
            return OptionalInt.of(Integer.parseInt(s.text()));
        }
        problem(v.line(), path + "." + key, "expected a number 0.." + max + ", got " + v.describe());
        return OptionalInt.empty();
    }

    private boolean flag(Map<String, LocatedNode.Entry> e, String key, String path) {
        if (!e.containsKey(key)) {
            return false;
        }
        LocatedNode v = e.get(key).value();
        if (v instanceof LocatedNode.Scalar s && s.kind() == LocatedNode.Kind.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        problem(v.line(), path + "." + key, "expected true or false, got " + v.describe());
        return false;
    }

    private void problem(int line, String field, String message) {
        problems.add(new Problem(Optional.of(new SourceLocation(source, Math.max(1, line))), Optional.empty(), field,
                Names.printable(message)));
    }
}
