package io.hostwall.lab;

import io.hostwall.dataplane.ToolRunner;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Bare namespaces for dataplane proofs (no lab topology), named with the lab's owner-suffix scheme so that a
 * killed run's namespaces are swept ({@link LeftoverSweeper}) and concurrent runs never meet.
 */
final class DataplaneNamespaces implements AutoCloseable {
    private static final Pattern COUNTERS = Pattern.compile("\\[\\d+:\\d+]");
    private final String suffix;
    private final List<Namespace> created = new ArrayList<>();

    DataplaneNamespaces() {
        LeftoverSweeper.sweep();
        SecureRandom r = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        suffix = s.toString();
        LeftoverSweeper.claim(suffix);
    }

    Namespace create(String role) {
        Namespace ns = Namespace.create("hwlab-" + suffix + "-" + role);
        created.add(ns);
        return ns;
    }

    @Override
    public void close() {
        created.forEach(Namespace::delete);
        LeftoverSweeper.release(suffix);
    }

    /** The real tools, run inside {@code ns}. */
    static ToolRunner tools(Namespace ns) {
        return (command, stdin) -> {
            Cmd.Result r = ns.pipe(stdin, command.toArray(String[]::new));
            return new ToolRunner.Result(r.exit(), r.out(), r.err());
        };
    }

    /** Everything iptables-nft and ipset hold in {@code ns} gone: a fresh namespace again. */
    static void reset(Namespace ns) {
        ns.ok("nft", "flush", "ruleset");
        ns.ok("ipset", "destroy");
    }

    /**
     * iptables-save and ip6tables-save, comments and counters removed, each table's chains sorted by name with
     * their rules in order (the kernel lists chains in creation order, which two histories need not share), then
     * ipset save with sets sorted, members sorted and the hash size (it grows and never shrinks) removed.
     */
    static String normalised(Namespace ns) {
        StringBuilder b = new StringBuilder();
        for (String tool : List.of("iptables-save", "ip6tables-save")) {
            b.append("# ").append(tool).append('\n');
            String table = null;
            Map<String, String> decls = new TreeMap<>();
            Map<String, List<String>> rules = new TreeMap<>();
            for (String line : ns.ok(tool).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("*")) {
                    table = line;
                    decls.clear();
                    rules.clear();
                } else if (line.startsWith(":")) {
                    decls.put(line.substring(1).split(" ")[0], COUNTERS.matcher(line).replaceAll("[0:0]"));
                } else if (line.startsWith("-A ")) {
                    rules.computeIfAbsent(line.split(" ")[1], k -> new ArrayList<>()).add(line);
                } else if (line.equals("COMMIT")) {
                    b.append(table).append('\n');
                    decls.values().forEach(d -> b.append(d).append('\n'));
                    rules.values().forEach(rs -> rs.forEach(r -> b.append(r).append('\n')));
                    b.append("COMMIT\n");
                }
            }
        }
        b.append("# ipset save\n");
        Map<String, List<String>> sets = new TreeMap<>();
        for (String line : ns.ok("ipset", "save").split("\n")) {
            String[] w = line.split(" ", 3);
            if (w.length >= 2) {
                sets.computeIfAbsent(w[1], k -> new ArrayList<>())
                        .add(line.replaceAll(" hashsize \\d+", "").replaceAll(" bucketsize \\d+", ""));
            }
        }
        sets.values().forEach(lines -> {
            b.append(lines.get(0)).append('\n');
            lines.stream().skip(1).sorted().forEach(l -> b.append(l).append('\n'));
        });
        return b.toString();
    }
}
