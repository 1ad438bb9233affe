package io.hostwall.compiler.gen;

import java.util.List;
import java.util.Map;

/**
 * The small world generated policy sets and packets share, so that rules and packets actually meet: two nodes,
 * a handful of addresses per family, interfaces of every kind, a few ports, labels and selectors.
 */
public final class Universe {
    private Universe() {}

    public static final String NODE = "node1";
    public static final String OTHER_NODE = "node2";

    public static final String ETH0 = "eth0";
    public static final String ETH1 = "eth1";
    /** A workload interface (default prefix {@code cali}). */
    public static final String WORKLOAD = "cali1";
    /** An interface no named endpoint is ever generated for. */
    public static final String UNPOLICED = "eth9";
    public static final List<String> INTERFACES = List.of(ETH0, ETH1, WORKLOAD, UNPOLICED);

    public static final String NODE1_ETH0_V4 = "10.0.0.1";
    public static final String NODE1_ETH1_V4 = "10.0.1.1";
    public static final String NODE2_V4 = "10.0.0.2";
    public static final String PEER_V4 = "10.0.0.3";
    public static final String POD_V4 = "10.244.0.5";
    public static final String OUTSIDE_V4 = "203.0.113.5";
    public static final String NODE1_ETH0_V6 = "fd00::1";
    public static final String NODE1_ETH1_V6 = "fd00:1::1";
    public static final String NODE2_V6 = "fd00::2";
    public static final String PEER_V6 = "fd00::3";
    public static final String POD_V6 = "fd00:244::5";
    public static final String OUTSIDE_V6 = "2001:db8::5";

    public static final List<String> V4 = List.of(NODE1_ETH0_V4, NODE1_ETH1_V4, NODE2_V4, PEER_V4, POD_V4,
            OUTSIDE_V4);
    public static final List<String> V6 = List.of(NODE1_ETH0_V6, NODE1_ETH1_V6, NODE2_V6, PEER_V6, POD_V6,
            OUTSIDE_V6);
    /**
     * Host facts for node1 (interface → addresses), for binding expectedIPs-only endpoints: the workload interface
     * holding a node address must still never be bound; eth9 holds none of them.
     */
    public static final Map<String, List<String>> HOST_FACTS = Map.of(
            ETH0, List.of(NODE1_ETH0_V4, NODE1_ETH0_V6),
            ETH1, List.of(NODE1_ETH1_V4, NODE1_ETH1_V6),
            WORKLOAD, List.of(NODE1_ETH1_V4),
            UNPOLICED, List.of("192.0.2.9"));
    public static final List<String> NODE1_V4 = List.of(NODE1_ETH0_V4, NODE1_ETH1_V4);
    public static final List<String> NODE1_V6 = List.of(NODE1_ETH0_V6, NODE1_ETH1_V6);

    public static final List<String> NETS_V4 = List.of("10.0.0.0/24", "10.0.0.0/16", "10.0.1.0/24", "10.0.0.2/32",
            "10.244.0.0/16", "203.0.113.0/24", "0.0.0.0/0");
    public static final List<String> NETS_V6 = List.of("fd00::/64", "fd00::/16", "fd00::2/128", "fd00:244::/64",
            "2001:db8::/32", "::/0");

    public static final List<Integer> PORTS = List.of(22, 53, 68, 80, 179, 443, 8080, 9100, 31852);
    /** Source ports of clients. */
    public static final int EPHEMERAL = 40000;
    public static final List<String> RANGES = List.of("1:1024", "8000:8100", "30000:32767", "40000:40010");

    public static final List<String> LABEL_KEYS = List.of("role", "env", "host-endpoint");
    public static final List<String> LABEL_VALUES = List.of("a", "b", "ingress");
    public static final List<String> SELECTORS = List.of("all()", "has(role)", "role == 'a'", "role == 'b'",
            "env == 'a'", "!has(env)", "role in {'a', 'b'}", "has(host-endpoint)", "role != 'a'",
            "env == 'b' || role == 'b'", "host-endpoint == 'ingress' && has(role)");

    public static final List<Integer> ICMP_TYPES_V4 = List.of(0, 3, 8, 11);
    public static final List<Integer> ICMP_TYPES_V6 = List.of(1, 128, 129, 135);
    public static final List<Integer> ICMP_CODES = List.of(0, 1);
}
