package io.hostwall.examples;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.Action;
import io.hostwall.model.Direction;
import io.hostwall.model.EndpointPort;
import io.hostwall.model.EntityRule;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import io.hostwall.model.Tier;
import io.hostwall.model.TierAction;
import io.hostwall.net.Cidr;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A large, deterministic synthetic cluster for measuring compile, render and kernel load times (issue 10): by
 * default 1,000 nodes with two host endpoints each, 500 GlobalNetworkSets, two tiers besides {@code default} and
 * 5,000 GlobalNetworkPolicies with label selectors of several shapes, nets lists of 1–8 CIDRs (some IPv6), port
 * lists of 1–18 entries with ranges and named ports, and source selectors that resolve to network sets or to host
 * endpoints. The same seed always gives the same cluster, in memory ({@link #cluster}, built with the model's
 * builders) and as manifests ({@link #generate}); the two load to equal {@link PolicySet}s.
 *
 * <p>Usage: {@code LargeClusterGenerator OUT_DIR [policies=5000] [nodes=1000] [sets=500] [seed=1]} writes
 * {@code tiers.yaml}, {@code hosts.yaml}, {@code sets.yaml} and {@code policies.yaml}; nodes are named
 * {@code node-1} ... {@code node-N}.
 */
public final class LargeClusterGenerator {
    /** Node roles; each policy selector that names a role picks about one node in eight. */
    private static final String[] ROLES = {"web", "db", "cache", "queue", "batch", "ingress", "storage", "control"};
    private static final String[] ZONES = {"zone-a", "zone-b", "zone-c", "zone-d", "zone-e"};
    private static final String[] EDGE = {"ingress", "edge", "internal"};
    private static final String[] NAMED = {"metrics", "http", "dns"};
    /** Network set groups: a source selector {@code group == "gN"} resolves to five sets. */
    private static final int GROUPS = 100;
    private static final int RACKS = 50;

    private final Random random;

    private LargeClusterGenerator(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Writes the default-shaped cluster (or the sizes given) as manifests.
     *
     * @param args {@code OUT_DIR [policies] [nodes] [sets] [seed]}
     * @throws IOException when the files cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 5) {
            System.err.println("usage: LargeClusterGenerator OUT_DIR [policies=5000] [nodes=1000] [sets=500] [seed=1]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int policies = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int sets = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
        generate(out, policies, nodes, sets, seed);
    }

    /**
     * The cluster, built in memory with the model's builders.
     *
     * @param policies number of GlobalNetworkPolicies
     * @param nodes number of nodes (two host endpoints each)
     * @param sets number of GlobalNetworkSets
     * @param seed the random seed; the same arguments give an equal cluster
     * @return the cluster
     */
    public static PolicySet cluster(int policies, int nodes, int sets, long seed) {
        return PolicySet.of(new LargeClusterGenerator(seed).resources(policies, nodes, sets));
    }

    /**
     * Writes {@link #cluster} as {@code tiers.yaml}, {@code hosts.yaml}, {@code sets.yaml} and
     * {@code policies.yaml} into {@code dir}.
     *
     * @param dir the directory, created when missing
     * @param policies number of GlobalNetworkPolicies
     * @param nodes number of nodes (two host endpoints each)
     * @param sets number of GlobalNetworkSets
     * @param seed the random seed
     * @throws IOException when the files cannot be written
     */
    public static void generate(Path dir, int policies, int nodes, int sets, long seed) throws IOException {
        List<Resource> all = new LargeClusterGenerator(seed).resources(policies, nodes, sets);
        Files.createDirectories(dir);
        try (Writer tiers = writer(dir, "tiers.yaml"); Writer hosts = writer(dir, "hosts.yaml");
                Writer netSets = writer(dir, "sets.yaml"); Writer pols = writer(dir, "policies.yaml")) {
            for (Resource r : all) {
                if (r instanceof Tier t) {
                    ManifestText.tier(tiers, t);
                } else if (r instanceof HostEndpoint h) {
                    ManifestText.hostEndpoint(hosts, h);
                } else if (r instanceof GlobalNetworkSet s) {
                    ManifestText.networkSet(netSets, s);
                } else if (r instanceof GlobalNetworkPolicy p) {
                    ManifestText.policy(pols, p);
                }
            }
        }
    }

    private static Writer writer(Path dir, String name) throws IOException {
        return Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private List<Resource> resources(int policies, int nodes, int sets) {
        List<Resource> out = new ArrayList<>();
        out.add(Tier.builder("security").order(100).defaultAction(TierAction.DENY).build());
        out.add(Tier.builder("platform").order(200).defaultAction(TierAction.PASS).build());
        for (int n = 1; n <= nodes; n++) {
            out.addAll(hosts(n));
        }
        for (int s = 0; s < sets; s++) {
            out.add(GlobalNetworkSet.builder("set-" + s)
                    .labels(Map.of("group", "g" + s % GROUPS, "kind", s % 2 == 0 ? "partner" : "office"))
                    .nets(cidrs(1 + random.nextInt(8), 0.1)).build());
        }
        for (int p = 0; p < policies; p++) {
            out.add(policy(p));
        }
        return out;
    }

    private List<HostEndpoint> hosts(int n) {
        String node = "node-" + n;
        Map<String, String> labels = Map.of("host-endpoint", EDGE[n % EDGE.length], "role", ROLES[n % ROLES.length],
                "zone", ZONES[n % ZONES.length], "rack", "r" + n % RACKS, "env", n % 4 == 0 ? "staging" : "prod");
        List<HostEndpoint> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HostEndpoint.Builder b = HostEndpoint.builder(node + "-eth" + i).node(node).interfaceName("eth" + i)
                    .labels(labels).label("interface", "eth" + i)
                    .expectedIPs(address(i == 0 ? 10 : 100, n), address6(i, n));
            if (i == 0) {
                b.ports(new EndpointPort("metrics", Protocol.TCP, 9100), new EndpointPort("http", Protocol.TCP, 8080),
                        new EndpointPort("dns", Protocol.UDP, 53));
            }
            out.add(b.build());
        }
        return out;
    }

    private GlobalNetworkPolicy policy(int p) {
        int t = random.nextInt(10);
        String tier = t < 2 ? "security" : t < 5 ? "platform" : "default";
        GlobalNetworkPolicy.Builder b = GlobalNetworkPolicy.builder(String.format(Locale.ROOT, "policy-%05d", p))
                .tier(tier).order(random.nextInt(1000)).selector(policySelector());
        List<Rule> ingress = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            ingress.add(rule(tier, Direction.INGRESS));
        }
        List<Rule> egress = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            egress.add(rule(tier, Direction.EGRESS));
        }
        b.ingress(ingress);
        if (!egress.isEmpty()) {
            b.egress(egress).types(Direction.INGRESS, Direction.EGRESS);
        }
        return b.build();
    }

    /** Selectors of the shapes real clusters use; together they pick roughly a third of the policies per node. */
    private String policySelector() {
        int k = random.nextInt(20);
        if (k < 2) {
            return "has(host-endpoint)";
        }
        if (k < 8) {
            return "role == \"" + pick(ROLES) + "\"";
        }
        if (k < 13) {
            String a = pick(ZONES);
            String c = pick(ZONES);
            return "zone in {\"" + a + "\", \"" + c + "\"} && role != \"" + pick(ROLES) + "\"";
        }
        if (k < 17) {
            return "host-endpoint == \"" + pick(EDGE) + "\" && env == \"prod\" && !has(maintenance)";
        }
        return "rack in {\"r" + random.nextInt(RACKS) + "\", \"r" + random.nextInt(RACKS) + "\"} || role == \""
                + pick(ROLES) + "\"";
    }

    private Rule rule(String tier, Direction direction) {
        int a = random.nextInt(20);
        Action action = a < 14 ? Action.ALLOW : a < 17 ? Action.DENY : !tier.equals("default") && a < 19
                ? Action.PASS : Action.LOG;
        Rule.Builder r = Rule.builder(action);
        boolean udp = random.nextInt(5) == 0;
        r.protocol(udp ? Protocol.UDP : Protocol.TCP);
        EntityRule.Builder peer = EntityRule.builder();
        // A rule's nets are of one family (Calico refuses a mix); about one rule in seven is IPv6.
        double v6 = random.nextInt(7) == 0 ? 1 : 0;
        int s = random.nextInt(10);
        if (s < 5) {
            peer.nets(cidrs(1 + random.nextInt(8), v6));
        } else if (s < 8) {
            peer.selector("group == \"g" + random.nextInt(GROUPS) + "\"");
        } else if (s < 9) {
            peer.selector("role == \"" + pick(ROLES) + "\" && zone == \"" + pick(ZONES) + "\"");
        }
        if (random.nextInt(8) == 0) {
            peer.notNets(cidrs(1 + random.nextInt(2), v6));
        }
        EntityRule.Builder local = EntityRule.builder().ports(ports(udp));
        if (direction == Direction.INGRESS) {
            r.source(peer.build()).destination(local.build());
        } else {
            r.source(EntityRule.ANY).destination(peer.ports(ports(udp)).build());
        }
        return r.build();
    }

    /** 1–18 entries: single ports, ranges and (TCP) named ports of the endpoints. */
    private List<PortSpec> ports(boolean udp) {
        int n = random.nextInt(4) == 0 ? 1 + random.nextInt(18) : 1 + random.nextInt(3);
        List<PortSpec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(10);
            if (k < 6) {
                out.add(PortSpec.port(1 + random.nextInt(30000)));
            } else if (k < 9) {
                int first = 1024 + random.nextInt(40000);
                out.add(PortSpec.range(first, first + 1 + random.nextInt(200)));
            } else {
                out.add(PortSpec.named(udp ? "dns" : NAMED[random.nextInt(2)]));
            }
        }
        return out;
    }

    private List<Cidr> cidrs(int n, double v6Share) {
        List<Cidr> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(random.nextDouble() < v6Share ? cidr6() : cidr4());
        }
        return out;
    }

    private Cidr cidr4() {
        int len = 16 + random.nextInt(17);
        byte[] b = {(byte) 172, (byte) (16 + random.nextInt(16)), (byte) random.nextInt(256), (byte) random.nextInt(256)};
        return Cidr.of(bytes(b), len);
    }

    private Cidr cidr6() {
        byte[] b = new byte[16];
        b[0] = 0x20;
        b[1] = 0x01;
        b[2] = 0x0d;
        b[3] = (byte) 0xb8;
        b[4] = (byte) random.nextInt(256);
        b[5] = (byte) random.nextInt(256);
        b[6] = (byte) random.nextInt(256);
        return Cidr.of(bytes(b), 40 + random.nextInt(25));
    }

    private static InetAddress address(int first, int n) {
        return bytes(new byte[] {(byte) first, (byte) 240, (byte) (n / 250), (byte) (n % 250 + 1)});
    }

    private static InetAddress address6(int i, int n) {
        byte[] b = new byte[16];
        b[0] = (byte) 0xfd;
        b[1] = 0x10;
        b[7] = (byte) i;
        b[14] = (byte) (n >> 8);
        b[15] = (byte) n;
        return bytes(b);
    }

    private static InetAddress bytes(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** The manifest text of the few fields the generator uses; everything else is left at its default. */
    private static final class ManifestText {
        private ManifestText() {}

        static void tier(Writer w, Tier t) throws IOException {
            w.write("---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: " + t.name()
                    + "\nspec:\n  order: " + (long) t.order().getAsDouble() + "\n  defaultAction: "
                    + t.defaultAction().manifestName() + "\n");
        }

        static void hostEndpoint(Writer w, HostEndpoint h) throws IOException {
            w.write("---\napiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: " + h.name() + "\n");
            labels(w, h.labels());
            w.write("spec:\n  node: " + h.node() + "\n  interfaceName: " + h.interfaceName().orElseThrow()
                    + "\n  expectedIPs: " + h.expectedIPs().stream().map(a -> quote(Cidr.host(a).address()
                    .getHostAddress().replaceAll("%.*", ""))).collect(Collectors.joining(", ", "[", "]")) + "\n");
            if (!h.ports().isEmpty()) {
                w.write("  ports:\n");
                for (EndpointPort p : h.ports()) {
                    w.write("  - {name: " + p.name() + ", port: " + p.port() + ", protocol: " + p.protocol().calicoName()
                            + "}\n");
                }
            }
        }

        static void networkSet(Writer w, GlobalNetworkSet s) throws IOException {
            w.write("---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: " + s.name() + "\n");
            labels(w, s.labels());
            w.write("spec:\n  nets: " + list(s.nets()) + "\n");
        }

        static void policy(Writer w, GlobalNetworkPolicy p) throws IOException {
            w.write("---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: " + p.name()
                    + "\nspec:\n  tier: " + p.tier() + "\n  order: " + (long) p.order().getAsDouble() + "\n  selector: "
                    + quote(p.selector().toString()) + "\n  types: " + p.types().stream()
                    .map(d -> d == Direction.INGRESS ? "Ingress" : "Egress").collect(Collectors.joining(", ", "[", "]"))
                    + "\n");
            rules(w, "ingress", p.ingress());
            rules(w, "egress", p.egress());
        }

        private static void rules(Writer w, String key, List<Rule> rules) throws IOException {
            if (rules.isEmpty()) {
                return;
            }
            w.write("  " + key + ":\n");
            for (Rule r : rules) {
                w.write("  - action: " + r.action().manifestName() + "\n");
                if (r.protocol().isPresent()) {
                    w.write("    protocol: " + r.protocol().get().calicoName() + "\n");
                }
                side(w, "source", r.source());
                side(w, "destination", r.destination());
            }
        }

        private static void side(Writer w, String key, EntityRule e) throws IOException {
            if (e.isAny()) {
                return;
            }
            w.write("    " + key + ":\n");
            if (!e.nets().isEmpty()) {
                w.write("      nets: " + list(e.nets()) + "\n");
            }
            if (!e.notNets().isEmpty()) {
                w.write("      notNets: " + list(e.notNets()) + "\n");
            }
            Optional<String> selector = e.selector().map(Object::toString);
            if (selector.isPresent()) {
                w.write("      selector: " + quote(selector.get()) + "\n");
            }
            if (!e.ports().isEmpty()) {
                w.write("      ports: " + e.ports().stream().map(ps -> ps instanceof PortSpec.Numeric num
                        && num.range().first() == num.range().last() ? Integer.toString(num.range().first())
                        : quote(ps.toString())).collect(Collectors.joining(", ", "[", "]")) + "\n");
            }
        }

        private static void labels(Writer w, Map<String, String> labels) throws IOException {
            if (labels.isEmpty()) {
                return;
            }
            w.write("  labels:\n");
            for (Map.Entry<String, String> e : labels.entrySet()) {
                w.write("    " + e.getKey() + ": " + quote(e.getValue()) + "\n");
            }
        }

        private static String list(ImmutableList<Cidr> nets) {
            return nets.stream().map(c -> quote(c.toString())).collect(Collectors.joining(", ", "[", "]"));
        }

        /** A YAML double-quoted scalar; the generator's strings hold no backslashes or control characters. */
        private static String quote(String s) {
            return "\"" + s.replace("\"", "\\\"") + "\"";
        }
    }
}
