package io.hostwall.lab;

import io.hostwall.spi.DocumentKind;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Loads rulesets into a namespace's kernel, dumps them, and resets the namespace between scenarios. */
final class RulesetApplier {
    /** kube-proxy's tables: they stand for another component's state, which no hostwall apply may touch. */
    static final String KUBE_PROXY_TABLE = "kubeproxy";
    private static final Pattern COUNTERS = Pattern.compile("\\[\\d+:\\d+]");

    private RulesetApplier() {}

    /** {@code nft -f -}: one transaction, all or nothing. */
    static Cmd.Result applyNft(Namespace ns, String script) {
        return ns.pipe(script, "nft", "-f", "-");
    }

    /**
     * ipset restore, then iptables-restore and ip6tables-restore, in that order (rules refer to sets). The whole
     * set of documents is first loaded into a scratch namespace: iptables-restore commits table by table, so a
     * document that breaks after its first COMMIT would otherwise leave a half-applied ruleset, and
     * {@code --test} alone cannot check rules against sets that do not exist yet. Returns the first failing step,
     * or the last result.
     */
    static Cmd.Result applyIptables(Namespace ns, Map<DocumentKind, String> docs) {
        Namespace scratch = Namespace.create(ns.name.replaceFirst("-[a-z0-9]+$", "-chk"));
        try {
            Cmd.Result check = restore(scratch, docs);
            if (!check.ok()) {
                return check;
            }
        } finally {
            scratch.delete();
        }
        return restore(ns, docs);
    }

    private static Cmd.Result restore(Namespace ns, Map<DocumentKind, String> docs) {
        Cmd.Result last = new Cmd.Result(List.of("nothing to apply"), 0, "", "");
        if (docs.containsKey(DocumentKind.IPSET)) {
            last = ns.pipe(docs.get(DocumentKind.IPSET), DocumentKind.IPSET.loadCommand().toArray(String[]::new));
            if (!last.ok()) {
                return last;
            }
        }
        for (DocumentKind kind : List.of(DocumentKind.IPTABLES, DocumentKind.IP6TABLES)) {
            if (docs.containsKey(kind)) {
                last = ns.pipe(docs.get(kind), kind.loadCommand().toArray(String[]::new));
                if (!last.ok()) {
                    return last;
                }
            }
        }
        return last;
    }

    /** The kernel's view, without counters ({@code -s}), so two listings compare by content. */
    static String nftListRuleset(Namespace ns) {
        return ns.ok("nft", "-s", "list", "ruleset");
    }

    /** iptables-save, ip6tables-save and ipset save, with timestamps and counters removed. */
    static String iptablesSave(Namespace ns) {
        StringBuilder b = new StringBuilder();
        for (String tool : List.of("iptables-save", "ip6tables-save")) {
            for (String line : ns.ok(tool).split("\n")) {
                if (!line.startsWith("#")) {
                    b.append(COUNTERS.matcher(line).replaceAll("[0:0]")).append('\n');
                }
            }
        }
        b.append(ns.ok("ipset", "save"));
        return b.toString();
    }

    /** Removes every table but kube-proxy's (including iptables-nft's), destroys ipsets, flushes conntrack. */
    static void reset(Namespace ns) {
        StringBuilder del = new StringBuilder();
        for (String line : ns.ok("nft", "list", "tables").split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 3 && w[0].equals("table") && !w[2].equals(KUBE_PROXY_TABLE)) {
                del.append("delete table ").append(w[1]).append(' ').append(w[2]).append('\n');
            }
        }
        if (del.length() > 0) {
            ns.pipe(del.toString(), "nft", "-f", "-").orThrow();
        }
        ns.exec("ipset", "destroy").orThrow();
        flushConntrack(ns);
    }

    static void flushConntrack(Namespace ns) {
        ns.exec("conntrack", "-F", "-f", "ipv4").orThrow();
        ns.exec("conntrack", "-F", "-f", "ipv6").orThrow();
    }

    /** kube-proxy's NodePort tables as the kernel lists them; must be unchanged by every apply. */
    static String kubeProxyTables(Namespace ns) {
        return ns.ok("nft", "-s", "list", "table", "ip", KUBE_PROXY_TABLE)
                + ns.ok("nft", "-s", "list", "table", "ip6", KUBE_PROXY_TABLE);
    }
}
