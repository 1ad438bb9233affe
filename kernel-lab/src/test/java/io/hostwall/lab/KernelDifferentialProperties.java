package io.hostwall.lab;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.gen.PolicySetArbitraries;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.compiler.plan.FailsafeConfig;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.Protocol;
import io.hostwall.model.PolicySet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * DESIGN.md layer 4: policy sets from compiler-core's jqwik generators ({@link PolicySetArbitraries}), moved onto
 * the lab's addresses by {@link LabUniverse}, compiled and loaded with each backend, then real probes whose outcome
 * must be what {@link PolicyOracle} says for the same packets ({@link OracleExpectation}).
 *
 * <p>Bounded for the suite's time budget ({@value #TRIES} sets × {@value #PROBES} probes × 2 backends) and
 * reproducible: the seed is fixed and printed; no shrinking (every shrink step would be another kernel round).
 *
 * <p>A mismatch prints everything needed to replay it: the manifests (checked to load back to the very set that
 * was tested), the flow with the packets the oracle was asked about, both oracle traces, what the IR interpreter
 * says for the same packets (to tell a compiler bug from a backend bug), and the rendered ruleset.
 */
@AddLifecycleHook(KernelAvailable.class)
class KernelDifferentialProperties {
    static final String SEED = "20261126";
    static final int TRIES = 25;
    static final int PROBES = 20;
    /** Policy sets the failsafe property tries (each probes every enabled failsafe port the lab serves, both ways). */
    static final int FAILSAFE_TRIES = 8;
    /** Policy sets tried with grouped tiers. */
    static final int GROUPED_TRIES = 10;

    private static Lab lab;
    private static long probesBefore;
    /** Every (client, protocol, source port, destination, port) used once per run: see {@link LabFlows}. */
    private static final Set<String> USED = new HashSet<>();
    private static final Map<String, AtomicInteger> TALLY = new TreeMap<>();
    private static final Set<String> PATHS = new TreeSet<>();
    private static final AtomicInteger GROUPED_RUNS = new AtomicInteger();
    private static final AtomicInteger SEVERAL_GROUPS = new AtomicInteger();

    @BeforeContainer
    static void startLab() {
        lab = SharedLab.get();
        probesBefore = lab.probesSent();
        System.out.printf("[differential] jqwik seed=%s tries=%d probes/try=%d backends=%s%n", SEED, TRIES, PROBES,
                List.of(KernelBackend.values()));
    }

    @AfterContainer
    static void summary() {
        if (lab == null) {
            return;
        }
        System.out.printf("[differential] %d probes; expectations %s; paths %s%n", lab.probesSent() - probesBefore,
                TALLY, PATHS);
        System.out.printf("[differential] grouped tiers: %d of %d sets had a chain jumping to several groups%n",
                SEVERAL_GROUPS.get(), GROUPED_RUNS.get());
        if (SEVERAL_GROUPS.get() != GROUPED_RUNS.get()) {
            throw new AssertionError("a grouped set without several groups: the grouped layout was not exercised");
        }
        if (lab.probesSent() == probesBefore) {
            throw new AssertionError("the differential sent no probe: it proves nothing about the kernel");
        }
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.RANDOM_SEED)
    void theKernelAgreesWithTheOracle(@ForAll("labPolicySets") PolicySet set, @ForAll Random random) {
        agree(set, random, Firewall.options());
    }

    /**
     * The same with long tiers laid out as groups of policy jumps (threshold 1: every tier of two or more policies is
     * grouped), the policies renamed so that groups start inside tiers ({@link #groupedLabPolicySets}): the jumps to
     * groups and the returns after them must give the oracle's verdicts in the kernel too.
     */
    @Property(tries = GROUPED_TRIES, seed = SEED, shrinking = ShrinkingMode.OFF,
            afterFailure = AfterFailureMode.RANDOM_SEED)
    void theKernelAgreesWithTheOracleWithPolicyGroups(@ForAll("groupedLabPolicySets") PolicySet set,
            @ForAll Random random) {
        agree(set, random, GROUPED);
        GROUPED_RUNS.incrementAndGet();
        if (severalGroups(set)) {
            SEVERAL_GROUPS.incrementAndGet();
        }
    }

    private static final CompileOptions GROUPED = Firewall.options().toBuilder().policyGroupThreshold(1).build();

    /** Whether some chain of the set's grouped ruleset jumps to two groups or more. */
    private static boolean severalGroups(PolicySet set) {
        Lab l = SharedLab.get();
        return Firewall.compile(l, l.node(), "node1", set, GROUPED).ruleset().chains().stream()
                .anyMatch(c -> c.rules().stream().filter(r -> r.origin() instanceof RuleOrigin.Builtin b
                        && b.purpose() == RuleOrigin.Purpose.POLICY_GROUP_JUMP).count() >= 2);
    }

    private void agree(PolicySet set, Random random, CompileOptions options) {
        String yaml = ManifestYaml.write(set);
        for (String stale : LabUniverse.STALE) {
            if (yaml.contains(stale)) {
                throw new AssertionError("LabUniverse does not know the generator's " + stale
                        + "; the set would not meet the probes:\n" + yaml);
            }
        }
        PolicyOracle oracle = PolicyOracle.of(set, "node1", options, Firewall.facts(lab, lab.node()));
        List<Flow> flows = new ArrayList<>();
        List<OracleExpectation> expected = new ArrayList<>();
        pick(oracle, random, flows, expected);
        if (flows.isEmpty()) {
            throw new AssertionError("no realisable flow picked");
        }

        StringBuilder report = new StringBuilder();
        for (KernelBackend b : KernelBackend.values()) {
            lab.reset();
            Firewall.Deployed d = Firewall.deploy(lab, lab.node(), "node1", b, set, options);
            RulesetInterpreter ir = new RulesetInterpreter(d.compiled().ruleset());
            List<Outcome> got = lab.probeAll(flows.stream().map(Flow::probe).toList());
            StringBuilder misses = new StringBuilder();
            for (int i = 0; i < flows.size(); i++) {
                Flow f = flows.get(i);
                OracleExpectation e = expected.get(i);
                if (!e.agrees(got.get(i), f.answerer(lab))) {
                    misses.append("\n  MISMATCH [").append(b).append("] ").append(f).append("\n    kernel: ")
                            .append(got.get(i)).append("\n    ").append(e.explain())
                            .append("    IR interpreter: request ").append(ir.run(f.request()).verdict())
                            .append(", established answer ").append(ir.run(f.reply()).verdict()).append('\n');
                }
            }
            if (misses.length() > 0) {
                report.append(misses).append('\n').append(KernelBackend.describe(d.rendered()));
            }
        }
        flows.forEach(f -> PATHS.add(f.path().name()));
        expected.forEach(e -> TALLY.computeIfAbsent(e.kind() + " (" + e.why() + ")", k -> new AtomicInteger())
                .incrementAndGet());
        if (report.length() > 0) {
            throw new AssertionError("kernel and oracle disagree (jqwik seed " + SEED + ")" + report + "\n"
                    + replayableManifests(set, yaml));
        }
    }

    /**
     * Failsafe as a property (issue 11): whatever random policy applies, an inbound connection to every enabled
     * inbound failsafe port and an outbound one to every enabled outbound failsafe port gets through, with both
     * backends. Unlike {@link #theKernelAgreesWithTheOracle} this does not ask the oracle: it is the promise the
     * failsafes make to an operator who locks a node down, checked against the kernel directly.
     *
     * <p>"Enabled" is the node's resolved list ({@link FailsafeConfig}: FelixConfiguration {@code node.node1}, else
     * {@code default}, else Felix's defaults) without port 0 (left out with a warning); an entry limited to a net
     * is probed only from (inbound) or to (outbound) the lab hosts inside it. The lab's servers listen on
     * {@link Lab#TCP_PORTS} and {@link Lab#UDP_PORTS}, so those are the ports that can be observed; the summary
     * line counts the probes.
     */
    @Property(tries = FAILSAFE_TRIES, seed = SEED, shrinking = ShrinkingMode.OFF,
            afterFailure = AfterFailureMode.RANDOM_SEED)
    void failsafePortsStayOpenWhateverThePolicy(@ForAll("labPolicySets") PolicySet set) {
        FailsafeConfig failsafes = FailsafeConfig.resolve(set, "node1", Firewall.options());
        Host node = lab.node();
        for (KernelBackend b : KernelBackend.values()) {
            lab.reset();
            Firewall.Deployed d = Firewall.deploy(lab, node, "node1", b, set);
            Expect expect = new Expect(lab, () -> "failsafes " + failsafes + " with " + b + "\n"
                    + replayableManifests(set, ManifestYaml.write(set)) + "\n" + KernelBackend.describe(d.rendered()));
            int probes = 0;
            for (boolean v6 : List.of(false, true)) {
                for (Host remote : List.of(lab.peer(), lab.external())) {
                    for (FailsafePort p : failsafes.inbound()) {
                        if (observable(p) && p.net().map(n -> n.contains(remote.addr(v6))).orElse(true)) {
                            expect.passes(probe(p, remote, node.addr(v6)), node.role());
                            probes++;
                        }
                    }
                    for (FailsafePort p : failsafes.outbound()) {
                        if (observable(p) && p.net().map(n -> n.contains(remote.addr(v6))).orElse(true)) {
                            expect.passes(probe(p, node, remote.addr(v6)), remote.role());
                            probes++;
                        }
                    }
                }
            }
            TALLY.computeIfAbsent("failsafe probes", k -> new AtomicInteger()).addAndGet(probes);
            if (probes > 0) {
                expect.check();
            }
        }
    }

    /** A failsafe entry a lab server answers on (port 0 is left out of the ruleset, with a warning). */
    private static boolean observable(FailsafePort p) {
        return p.port() != 0 && (p.protocol() == Protocol.TCP ? Lab.TCP_PORTS.contains(p.port())
                : p.protocol() == Protocol.UDP && Lab.UDP_PORTS.contains(p.port()));
    }

    private static Probe probe(FailsafePort p, Host from, java.net.InetAddress to) {
        return p.protocol() == Protocol.TCP ? Probe.tcp(from, to, p.port()) : Probe.udp(from, to, p.port());
    }

    /**
     * Generated sets on the lab's addresses. Most random sets exercise only the common round trips (request
     * allowed or denied); doNotTrack round trips and denied answers come up in a few percent. Half the sets are
     * therefore drawn from those that produce such a rare expectation somewhere in the lab's universe (a cheap,
     * in-memory check), so the kernel budget is not spent on the common case only.
     */
    @Provide
    Arbitrary<PolicySet> labPolicySets() {
        Arbitrary<PolicySet> any = PolicySetArbitraries.policySets().map(LabUniverse::relocate);
        return Arbitraries.frequencyOf(Tuple.of(1, any), Tuple.of(1, any.filter(KernelDifferentialProperties::rare)));
    }

    /** Lab policy sets renamed so that groups start inside tiers, kept when a chain jumps to several groups. */
    @Provide
    Arbitrary<PolicySet> groupedLabPolicySets() {
        return PolicySetArbitraries.withPolicyNamesFrom(labPolicySets(), PolicySetArbitraries.groupStartingNames(4))
                .filter(KernelDifferentialProperties::severalGroups);
    }

    private static boolean rare(PolicySet set) {
        PolicyOracle oracle = PolicyOracle.of(set, "node1", Firewall.options(),
                Firewall.facts(SharedLab.get(), SharedLab.get().node()));
        return LabFlows.all(SharedLab.get(), LabFlows.SOURCE_PORTS.get(0)).stream()
                .map(f -> OracleExpectation.of(oracle, f)).anyMatch(OracleExpectation::rare);
    }

    /**
     * Picks {@link #PROBES} flows: a candidate pool drawn path by path (so rare paths are not drowned by common
     * ones), classified by the oracle (cheap, in memory), then taken round-robin from each kind of expectation, so
     * that the rare ones (an untracked request, a denied answer) are probed whenever the set produces them.
     */
    private static void pick(PolicyOracle oracle, Random r, List<Flow> flows, List<OracleExpectation> expected) {
        Map<String, List<Integer>> byWhy = new TreeMap<>();
        List<Flow> pool = new ArrayList<>();
        List<OracleExpectation> poolExpected = new ArrayList<>();
        Set<String> inPool = new HashSet<>();
        Flow.Path[] paths = Flow.Path.values();
        for (int tries = 0; pool.size() < PROBES * 6 && tries < PROBES * 60; tries++) {
            int sport = LabFlows.SOURCE_PORTS.get(r.nextInt(LabFlows.SOURCE_PORTS.size()));
            Flow.Path path = paths[r.nextInt(paths.length)];
            List<Flow> onPath = LabFlows.all(lab, sport).stream().filter(f -> f.path() == path).toList();
            Flow f = onPath.get(r.nextInt(onPath.size()));
            // ICMP echo keeps no socket state, so it may repeat; TCP/UDP tuples are used once per run so that no
            // half-open connection of an earlier set can answer (or reset) a probe of a later one.
            String key = f.probe().toString();
            if (inPool.add(key) && (f.probe().proto() == Probe.Proto.ICMP || !USED.contains(key))) {
                OracleExpectation e = OracleExpectation.of(oracle, f);
                if (e.kind() == OracleExpectation.Kind.SKIP) {
                    // Nothing to compare: do not spend a probe on it, but count it.
                    TALLY.computeIfAbsent("not realisable: " + e.why(), k -> new AtomicInteger()).incrementAndGet();
                    continue;
                }
                byWhy.computeIfAbsent(e.kind() + e.why(), k -> new ArrayList<>()).add(pool.size());
                pool.add(f);
                poolExpected.add(e);
            }
        }
        List<Iterator<Integer>> buckets = byWhy.values().stream().map(List::iterator).toList();
        while (flows.size() < PROBES && buckets.stream().anyMatch(Iterator::hasNext)) {
            for (Iterator<Integer> it : buckets) {
                if (it.hasNext() && flows.size() < PROBES) {
                    int i = it.next();
                    flows.add(pool.get(i));
                    expected.add(poolExpected.get(i));
                    USED.add(pool.get(i).probe().toString());
                }
            }
        }
    }

    /** The manifests for replay, if they load back to exactly the tested set; otherwise also the parsed resources. */
    private static String replayableManifests(PolicySet set, String yaml) {
        try {
            if (Loader.parse(yaml).equals(set)) {
                return "----- manifests (load back to the tested set; compile for node1) -----\n" + yaml;
            }
            return "----- manifests (NOTE: do not load back identically) -----\n" + yaml + Manifests.describe(set);
        } catch (AssertionError | RuntimeException e) {
            return "----- manifests not loadable (" + e.getMessage().lines().findFirst().orElse("") + ") -----\n"
                    + yaml + Manifests.describe(set);
        }
    }
}
