package io.hostwall.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small cluster in network namespaces, isolated from the machine: no interface of the lab connects to the root
 * namespace and no namespace has a default route, so no probe can leave it.
 *
 * <pre>
 *   external 203.0.113.50  fd50:203::50 ─┐
 *   peer     10.240.0.21   fd00:240::21 ─┤ lan (bridge br0)
 *   node  eth0 10.240.0.11 fd00:240::11 ─┤        node  cali&lt;sfx&gt; ── pod  192.168.77.5 fd00:77::5
 *   node2 eth0 10.240.0.12 fd00:240::12 ─┘        node2 cali&lt;sfx&gt; ── pod2 192.168.78.5 fd00:78::5
 * </pre>
 *
 * The nodes are "node1" / "node2" of the manifests: eth0 carries the host endpoint, the cali interface is a
 * workload interface (Calico's layout: pod /32, gateway 169.254.1.1 / fe80::1 on the node side). 10.240.0.0/16
 * and 192.168.0.0/16 are the tutorial's cluster ranges; the external client is in TEST-NET-3 and, for IPv6, in a
 * ULA prefix of its own (fd50::/16) outside the cluster's fd00::/16. Both nodes forward,
 * and each has kube-proxy's NodePort DNAT (tcp 31852 → its pod:8080, udp 31853 → pod:8081, prerouting and output)
 * in its own nft tables {@code ip kubeproxy} / {@code ip6 kubeproxy}, which hostwall's applies must leave alone.
 *
 * <p>Every host's agent serves TCP {@link #TCP_PORTS} and UDP {@link #UDP_PORTS}, answering with its role. Neighbour
 * entries are static: IPv6 neighbour discovery is ICMPv6 and would itself be subject to the policy under test, so
 * a dropped NDP packet would masquerade as a dropped probe; the lab tests the probe's packets only.
 */
public final class Lab implements AutoCloseable {
    public static final String ETH0 = "eth0";
    public static final int NODEPORT_TCP = 31852;
    public static final int NODEPORT_UDP = 31853;
    public static final int POD_TCP = 8080;
    public static final int POD_UDP = 8081;
    public static final List<Integer> TCP_PORTS = List.of(22, 80, 179, 443, 5000, 8080);
    public static final List<Integer> UDP_PORTS = List.of(53, 68, 8081);
    /** A dropped probe costs this long; an allowed one on veth answers in well under a millisecond. */
    public static final int PROBE_TIMEOUT_MS = 400;
    /** A timeout is re-tried once with this timeout, so a busy machine cannot fake a drop. */
    public static final int CONFIRM_TIMEOUT_MS = 800;
    private static final int MAX_IN_FLIGHT = 24;

    private final String suffix;
    private final List<Namespace> namespaces = new ArrayList<>();
    private final List<ProbeClient> agents = new ArrayList<>();
    private final AtomicLong probes = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private Namespace lan;
    private Host node;
    private Host node2;
    private Host pod;
    private Host pod2;
    private Host peer;
    private Host external;

    private Lab(String suffix) {
        this.suffix = suffix;
        this.shutdownHook = new Thread(this::close, "lab-cleanup-" + suffix);
    }

    /** Builds the lab; skips (or under CI fails) the calling test when the machine cannot host it. */
    public static Lab start() {
        KernelPreconditions.require();
        LeftoverSweeper.sweep();
        Lab lab = new Lab(randomSuffix());
        LeftoverSweeper.claim(lab.suffix);
        // Registered before anything exists, so an interrupt (Ctrl-C, surefire timeout) still cleans up.
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        long t0 = System.nanoTime();
        try {
            new Topology(lab).build();
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
        System.out.printf("[lab] built hwlab-%s-* (7 namespaces, 6 agents) in %d ms%n", lab.suffix,
                (System.nanoTime() - t0) / 1_000_000);
        return lab;
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    // --- used by Topology while building ---

    Namespace namespace(String role) {
        Namespace ns = Namespace.create("hwlab-" + suffix + "-" + role);
        namespaces.add(ns);
        return ns;
    }

    void register(ProbeClient agent) {
        synchronized (agents) {
            agents.add(agent);
        }
    }

    void hosts(Namespace lan, Host node, Host node2, Host pod, Host pod2, Host peer, Host external) {
        this.lan = lan;
        this.node = node;
        this.node2 = node2;
        this.pod = pod;
        this.pod2 = pod2;
        this.peer = peer;
        this.external = external;
    }

    // --- what tests use ---

    public String suffix() {
        return suffix;
    }

    /** The node under test ("node1" in manifests). */
    public Host node() {
        return node;
    }

    public Host node2() {
        return node2;
    }

    /** The workload behind {@link #node()}'s cali interface; NodePort target. */
    public Host pod() {
        return pod;
    }

    public Host pod2() {
        return pod2;
    }

    /** Cluster-internal client (10.240.0.0/16). */
    public Host peer() {
        return peer;
    }

    /** Client outside every cluster range. */
    public Host external() {
        return external;
    }

    Namespace lan() {
        return lan;
    }

    /** The node-side name of the pod's veth, i.e. a workload interface ({@code cali} prefix). */
    public String workloadInterface() {
        return "cali" + suffix;
    }

    /** Probes sent since the lab started; tests check that theirs actually sent some. */
    public long probesSent() {
        return probes.get();
    }

    public Outcome probe(Probe p) {
        return probeAll(List.of(p)).get(0);
    }

    /**
     * Runs the probes concurrently (bounded) and returns the outcomes in order. A timeout is confirmed by a second,
     * slower attempt, so only a flow that is really dropped reports {@link Outcome.Kind#TIMEOUT}.
     */
    public List<Outcome> probeAll(List<Probe> list) {
        return run(list, p -> attempt(p, PROBE_TIMEOUT_MS).thenCompose(o -> o.kind() == Outcome.Kind.TIMEOUT
                ? attempt(p, CONFIRM_TIMEOUT_MS) : CompletableFuture.completedFuture(o)));
    }

    /**
     * Runs each probe once, with {@code timeoutMs} and no second attempt: for flows that must stay blocked, whose
     * expected answer is a timeout, so that only an answer that does come back (in well under a millisecond on
     * veth) is news. Much cheaper than {@link #probeAll} for such flows, and it samples the ruleset more often.
     *
     * @param list the probes
     * @param timeoutMs how long each waits for an answer
     * @return the outcomes, in order
     */
    public List<Outcome> probeAllOnce(List<Probe> list, int timeoutMs) {
        return run(list, p -> attempt(p, timeoutMs));
    }

    private List<Outcome> run(List<Probe> list, java.util.function.Function<Probe, CompletableFuture<Outcome>> how) {
        List<CompletableFuture<Outcome>> futures = new ArrayList<>();
        for (Probe p : list) {
            // Permits are taken here, in the test thread, never in an agent's reader thread (which must keep
            // reading answers for the permits to come back).
            inFlight.acquireUninterruptibly();
            futures.add(how.apply(p).whenComplete((o, e) -> inFlight.release()));
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            Probe p = list.get(i);
            Outcome o;
            try {
                o = futures.get(i).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new LabException("probe " + p + " failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new LabException("probe " + p + ": agent " + p.from().role() + " did not answer in 30 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted");
            }
            if (o.kind() == Outcome.Kind.ERROR) {
                // The sockets of the client's namespace say most about a probe that could not even start.
                throw new LabException("probe " + p + " could not run: " + o.raw() + "\nsockets in "
                        + p.from().ns() + ":\n" + p.from().ns().exec("ss", "-tuan").out());
            }
            out.add(o);
        }
        return out;
    }

    private CompletableFuture<Outcome> attempt(Probe p, int timeoutMs) {
        probes.incrementAndGet();
        return p.from().agent().send(p.request(timeoutMs)).thenApply(Outcome::parse);
    }

    /**
     * Back to a clean node between scenarios: every netfilter table except kube-proxy's removed, ipsets destroyed,
     * conntrack flushed (an old flow's ESTABLISHED entry would otherwise let a new probe through).
     */
    public void reset() {
        RulesetApplier.reset(node.ns());
        RulesetApplier.reset(node2.ns());
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Agents first: a namespace with live processes outlives "ip netns del".
        synchronized (agents) {
            agents.forEach(ProbeClient::close);
        }
        for (Namespace ns : namespaces) {
            ns.delete();
        }
        LeftoverSweeper.release(suffix);
        System.out.printf("[lab] hwlab-%s-* removed after %d probes%n", suffix, probes.get());
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: this is the hook.
        }
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
