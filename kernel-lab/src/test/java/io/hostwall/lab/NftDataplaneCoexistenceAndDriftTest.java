package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.model.PolicySet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, nftables, in fresh namespaces (no packets): other programs' tables survive every write of the dataplane
 * byte for byte, and drift injected with the real {@code nft} is found by {@link Dataplane#read} plus a fingerprint
 * comparison and repaired by {@link Delta#repair}.
 */
class NftDataplaneCoexistenceAndDriftTest {
    /** Two host endpoints (a dispatch map), a network set (a set), a port range (a shared set). */
    static final String MANIFESTS = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata:
              name: node1-eth0
              labels: {role: web}
            spec: {interfaceName: eth0, node: node1}
            ---
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata:
              name: node1-eth1
              labels: {role: db}
            spec: {interfaceName: eth1, node: node1}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkSet
            metadata:
              name: admins
              labels: {team: admin}
            spec:
              nets: [10.0.0.0/8, 192.168.1.0/24, 172.16.0.0/12, 2001:db8::/32]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: allow-admins
            spec:
              selector: has(role)
              ingress:
                - action: Allow
                  protocol: TCP
                  source: {selector: team == 'admin'}
                  destination: {ports: [22, "8000:8080"]}
              egress:
                - action: Allow
            """;

    /** A kube-proxy (nftables mode) table as it looks on a node: sets, a verdict map, nat and filter chains. */
    static final String KUBE_PROXY = """
            table ip kube-proxy {
            \tcomment "rules for kube-proxy"
            \tset cluster-ips {
            \t\ttype ipv4_addr
            \t\tcomment "Active ClusterIPs"
            \t\telements = { 10.96.0.1, 10.96.0.10 }
            \t}
            \tmap service-ips {
            \t\ttype ipv4_addr . inet_proto . inet_service : verdict
            \t\telements = { 10.96.0.1 . tcp . 443 : goto service-2qr-default/kubernetes/tcp/https }
            \t}
            \tchain service-2qr-default/kubernetes/tcp/https {
            \t\tip daddr 10.96.0.1 tcp dport 443 ip saddr != 10.244.0.0/16 meta mark set meta mark | 0x4000
            \t\tmeta l4proto tcp dnat to 10.240.0.11:6443
            \t}
            \tchain services {
            \t\tip daddr . meta l4proto . th dport vmap @service-ips
            \t}
            \tchain nat-prerouting {
            \t\ttype nat hook prerouting priority dstnat; policy accept;
            \t\tjump services
            \t}
            \tchain filter-input {
            \t\ttype filter hook input priority -110; policy accept;
            \t\tct state new ip daddr @cluster-ips counter reject
            \t}
            }
            """;

    /** A firewalld-like table: zones as chains, base chains at filter + 10. */
    static final String FIREWALLD = """
            table inet firewalld {
            \tchain filter_INPUT {
            \t\ttype filter hook input priority filter + 10; policy accept;
            \t\tct state established,related accept
            \t\tiifname "lo" accept
            \t\tjump filter_INPUT_ZONES
            \t}
            \tchain filter_INPUT_ZONES {
            \t\tiifname "eth0" goto filter_IN_public
            \t\tgoto filter_IN_public
            \t}
            \tchain filter_IN_public {
            \t\ttcp dport 22 ct state new,untracked counter accept
            \t\tmeta l4proto { icmp, ipv6-icmp } accept
            \t}
            }
            """;

    private static DesiredState first;
    private static DesiredState second;

    @BeforeAll
    static void states() {
        KernelPreconditions.require();
        Dataplane d = NftScratch.dataplane((c, s) -> {
            throw new AssertionError("no tool here");
        });
        first = d.desired(compile(Loader.parse(MANIFESTS)));
        second = d.desired(compile(Loader.parse(MANIFESTS.replace("[22, \"8000:8080\"]", "[22, 443]")
                .replace("2001:db8::/32", "2001:db8::/48"))));
        assertTrue(first.objects().values().stream().anyMatch(o -> o instanceof DesiredObject.Set s
                && s.declaration().contains(" : verdict") && !s.elements().isEmpty()), "a dispatch map");
        assertTrue(first.objects().values().stream().anyMatch(o -> o instanceof DesiredObject.Set s
                && !s.declaration().contains(" : ") && s.elements().size() > 1), "a set with elements");
    }

    static io.hostwall.ir.Ruleset compile(PolicySet set) {
        try {
            return HostwallCompiler.create(CompileOptions.defaults()).compile(set, "node1").ruleset();
        } catch (CompileException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void otherProgramsTablesAreByteIdenticalAfterApplyDeltaAndRemove() {
        try (NftScratch ns = NftScratch.create("coexist")) {
            ns.nft(KUBE_PROXY);
            ns.nft(FIREWALLD);
            String kubeProxy = ns.listWithHandles("ip", "kube-proxy");
            String firewalld = ns.listWithHandles("inet", "firewalld");
            Dataplane d = ns.dataplane();
            Consumer<String> unchanged = when -> {
                assertEquals(kubeProxy, ns.listWithHandles("ip", "kube-proxy"), "kube-proxy's table " + when);
                assertEquals(firewalld, ns.listWithHandles("inet", "firewalld"), "firewalld's table " + when);
            };
            d.apply(Delta.replaceAll(first));
            unchanged.accept("after the first ReplaceAll");
            d.apply(Delta.between(first, second));
            unchanged.accept("after a delta");
            d.apply(Delta.replaceAll(first));
            unchanged.accept("after a ReplaceAll over an earlier run's table");
            d.remove();
            unchanged.accept("after remove");
            assertFalse(d.read().present());
            d.remove();
            unchanged.accept("after remove of a missing table");
            assertEquals("table ip kube-proxy\ntable inet firewalld\n", ns.ns.ok("nft", "list", "tables"));
        }
    }

    @Test
    void driftInjectedWithNftIsFoundAndRepaired() {
        try (NftScratch ns = NftScratch.create("drift")) {
            Dataplane d = ns.dataplane();
            d.apply(Delta.replaceAll(first));
            ObservedState learned = d.read();
            first.objects().forEach((id, o) -> assertEquals(o.size(), learned.objects().get(id).size(), id + " size"));
            String listing = ns.normalisedListing();
            ObjectId map = first.objects().values().stream().filter(o -> o instanceof DesiredObject.Set s
                    && s.declaration().contains(" : verdict")).findFirst().orElseThrow().id();
            ObjectId set = first.objects().values().stream().filter(o -> o instanceof DesiredObject.Set s
                    && !s.declaration().contains(" : ") && s.elements().size() > 1).findFirst().orElseThrow().id();
            ObjectId policy = chainWithRules(first, 2, false);
            ObjectId base = chainWithRules(first, 1, true);
            String t = "inet hostwall ";

            repairs(ns, d, learned, listing, "flush chain " + t + policy.name(), Set.of(policy));
            repairs(ns, d, learned, listing, "insert rule " + t + base.name() + " counter accept", Set.of(base));
            repairs(ns, d, learned, listing, "replace rule " + t + policy.name() + " handle "
                    + firstHandle(ns, policy.name()) + " accept", Set.of(policy));
            repairs(ns, d, learned, listing, "flush set " + t + set.name(), Set.of(set));
            repairs(ns, d, learned, listing, "flush map " + t + map.name(), Set.of(map));
            repairs(ns, d, learned, listing, "delete table inet hostwall", Set.of());
        }
    }

    /** Injects one drift, finds exactly {@code expected} drifted (or the table gone), repairs, checks the result. */
    private static void repairs(NftScratch ns, Dataplane d, ObservedState learned, String listing, String injection,
            Set<ObjectId> expected) {
        ns.nft(injection + "\n");
        ObservedState seen = d.read();
        Set<ObjectId> drifted = drifted(first, learned, seen);
        if (expected.isEmpty()) {
            assertFalse(seen.present(), injection);
        } else {
            assertTrue(seen.present(), injection);
            assertEquals(expected, drifted, injection);
        }
        Delta repair = Delta.repair(first, seen, drifted);
        assertEquals(expected.isEmpty(), repair.isReplaceAll(), injection + ": " + repair);
        d.apply(repair);
        assertEquals(learned, d.read(), "after repairing " + injection);
        assertEquals(listing, ns.normalisedListing(), "after repairing " + injection);
        assertTrue(Delta.repair(first, d.read(), drifted(first, learned, d.read())).isEmpty(), injection);
    }

    /** What a drift detector reports: a desired object whose size is not the desired one or whose fingerprint moved. */
    static Set<ObjectId> drifted(DesiredState desired, ObservedState learned, ObservedState seen) {
        Set<ObjectId> out = new TreeSet<>();
        for (Map.Entry<ObjectId, DesiredObject> e : desired.objects().entrySet()) {
            ObservedState.Observed o = seen.objects().get(e.getKey());
            if (o != null && (o.size() != e.getValue().size()
                    || !o.fingerprint().equals(learned.objects().get(e.getKey()).fingerprint()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static ObjectId chainWithRules(DesiredState s, int atLeast, boolean base) {
        return s.objects().values().stream().filter(o -> o instanceof DesiredObject.Chain c
                && c.rules().size() >= atLeast && c.header().isEmpty() != base).findFirst().orElseThrow().id();
    }

    private static String firstHandle(NftScratch ns, String chain) {
        // The first rule's handle: the table and chain lines carry handles too.
        Matcher m = Pattern.compile("(?m)^\t\t(?!type ).* # handle (\\d+)$")
                .matcher(ns.ns.ok("nft", "-a", "list", "chain", "inet", "hostwall", chain));
        assertTrue(m.find(), chain);
        return m.group(1);
    }
}
