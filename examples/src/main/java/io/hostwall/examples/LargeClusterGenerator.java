package io.hostwall.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a large, deterministic cluster as manifests, for measuring compile and kernel load times:
 * {@code nodes} nodes with one HostEndpoint each, {@code sets} GlobalNetworkSets and {@code policies}
 * GlobalNetworkPolicies of four rules each (CIDR lists, selector rules, port lists, a deny), most of which select
 * every node. Usage: {@code LargeClusterGenerator OUT_DIR [policies] [nodes] [sets] [seed]}.
 */
public final class LargeClusterGenerator {
    private static final String[] ROLES = {"web", "db", "cache", "queue", "batch"};
    /** Port lists as real clusters have them: a few service groups reused by many policies. */
    private static final String[] PORT_LISTS = {"80, 443", "22", "5432", "6379", "9090, 9093, \"9100:9110\"",
        "8080", "\"30000:32767\"", "53, 853", "3306", "443, 8443", "2379, 2380", "11211", "9200, 9300",
        "5672, 15672", "8000, \"8080:8089\""};

    private final Random random;

    private LargeClusterGenerator(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LargeClusterGenerator OUT_DIR [policies=5000] [nodes=50] [sets=400] [seed=1]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int policies = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int sets = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
        new LargeClusterGenerator(seed).write(out, policies, nodes, sets);
    }

    /** Writes hosts.yaml, sets.yaml and policies.yaml into {@code dir}. */
    public static void generate(Path dir, int policies, int nodes, int sets, long seed) throws IOException {
        new LargeClusterGenerator(seed).write(dir, policies, nodes, sets);
    }

    private void write(Path dir, int policies, int nodes, int sets) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("hosts.yaml"), StandardCharsets.UTF_8)) {
            for (int n = 1; n <= nodes; n++) {
                w.write(String.format(Locale.ROOT, """
                        ---
                        apiVersion: projectcalico.org/v3
                        kind: HostEndpoint
                        metadata:
                          name: node%d-eth0
                          labels:
                            host-endpoint: ingress
                            role: %s
                            zone: zone-%d
                        spec:
                          node: node%d
                          interfaceName: eth0
                          expectedIPs: ["10.240.%d.%d"]
                          ports:
                          - {name: metrics, port: 9100, protocol: TCP}
                        """, n, ROLES[n % ROLES.length], n % 3, n, n / 250, n % 250 + 1));
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("sets.yaml"), StandardCharsets.UTF_8)) {
            for (int s = 0; s < sets; s++) {
                w.write(String.format(Locale.ROOT, """
                        ---
                        apiVersion: projectcalico.org/v3
                        kind: GlobalNetworkSet
                        metadata:
                          name: set-%d
                          labels:
                            group: g%d
                        spec:
                          nets: [%s, %s]
                        """, s, s, cidr(), cidr()));
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("policies.yaml"), StandardCharsets.UTF_8)) {
            for (int p = 0; p < policies; p++) {
                String selector = random.nextInt(10) < 8 ? "has(host-endpoint)" : "role == '" + ROLES[random.nextInt(ROLES.length)] + "'";
                w.write(String.format(Locale.ROOT, """
                        ---
                        apiVersion: projectcalico.org/v3
                        kind: GlobalNetworkPolicy
                        metadata:
                          name: policy-%05d
                        spec:
                          order: %d
                          selector: %s
                          ingress:
                          - action: Allow
                            protocol: TCP
                            source:
                              nets: [%s, %s]
                            destination:
                              ports: [%s]
                          - action: Allow
                            protocol: UDP
                            source:
                              selector: group == 'g%d'
                            destination:
                              ports: [%d]
                          - action: Allow
                            protocol: TCP
                            destination:
                              ports: [metrics]
                          - action: Deny
                            source:
                              nets: [%s]
                          egress:
                          - action: Allow
                        """, p, random.nextInt(1000), selector, cidr(), cidr(), PORT_LISTS[random.nextInt(PORT_LISTS.length)],
                        random.nextInt(Math.max(1, sets)), 3000 + random.nextInt(100), cidr()));
            }
        }
    }

    private String cidr() {
        int len = 16 + random.nextInt(13);
        long addr = (172L << 24) | ((16L + random.nextInt(16)) << 16) | ((long) random.nextInt(256) << 8) | random.nextInt(256);
        long masked = addr & (0xffffffffL << (32 - len));
        return String.format(Locale.ROOT, "%d.%d.%d.%d/%d", masked >> 24 & 255, masked >> 16 & 255, masked >> 8 & 255,
                masked & 255, len);
    }
}
