package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.gen.RandomModel;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.model.PolicySet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN.md layer 4: random policy sets (compiler-core's generator, moved onto the lab's addresses by
 * {@link LabUniverse}), compiled and loaded with each backend, then real probes whose outcome must be what
 * {@link PolicyOracle} says for the same packets ({@link OracleExpectation}). Bounded for the suite's time budget
 * and reproducible: the seed is fixed (override with {@code -Dhostwall.lab.seed=N}) and printed; set {@code i}
 * uses seed {@code N + i} for the generator.
 *
 * <p>A mismatch prints everything needed to replay it: the seed, the manifests (checked to load back to the very
 * set that was tested), the flow with the packets the oracle was asked about, both traces, what the IR
 * interpreter says for the same packets (to tell a compiler bug from a backend bug), and the rendered ruleset.
 */
@ExtendWith(LabExtension.class)
class OracleDifferentialTest {
    static final long SEED = Long.getLong("hostwall.lab.seed", 20_261_126L);
    static final int SETS = Integer.getInteger("hostwall.lab.sets", 25);
    static final int PROBES = Integer.getInteger("hostwall.lab.probes", 20);
    static final int CANDIDATES = 200;

    /** Every (client, protocol, source port, destination, port) used once per run: see {@link LabFlows}. */
    private static final Set<String> USED = new HashSet<>();
    private static final Map<String, AtomicInteger> TALLY = new TreeMap<>();
    private static final Set<String> FEATURES = new TreeSet<>();
    private static final AtomicInteger MISMATCHES = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> theKernelAgreesWithTheOracle(Lab lab) {
        System.out.printf("[differential] seed=%d sets=%d probes/set=%d backends=%s (replay: -Dhostwall.lab.seed=%d)%n",
                SEED, SETS, PROBES, List.of(KernelBackend.values()), SEED);
        List<Long> seeds = chooseSeeds(lab);
        System.out.println("[differential] generator seeds: " + seeds);
        return IntStream.range(0, seeds.size()).mapToObj(i -> dynamicTest(
                "set " + i + " (generator seed " + seeds.get(i) + ")", () -> checkSet(lab, seeds.get(i))));
    }

    /**
     * Which generated sets to load. Most random sets exercise only the common cases (a request allowed or denied);
     * doNotTrack round trips and denied answers show up in a few percent of them. So {@link #CANDIDATES} sets from
     * the seed on are classified in memory first, and up to half of the kernel's budget goes to the sets that
     * produce a rare expectation; the rest are the first seeds in order. Deterministic for a given seed.
     */
    private static List<Long> chooseSeeds(Lab lab) {
        List<Long> rare = new ArrayList<>();
        List<Long> common = new ArrayList<>();
        for (long seed = SEED; seed < SEED + CANDIDATES; seed++) {
            PolicySet set = LabUniverse.relocate(new RandomModel(seed).policySet());
            PolicyOracle oracle = PolicyOracle.of(set, "node1", Firewall.options(lab, lab.node()));
            boolean isRare = LabFlows.all(lab, LabFlows.SOURCE_PORTS.get(0)).stream()
                    .map(f -> OracleExpectation.of(oracle, f))
                    .anyMatch(e -> !e.why().equals(OracleExpectation.COMMON_PASS)
                            && !e.why().equals(OracleExpectation.COMMON_BLOCK));
            (isRare ? rare : common).add(seed);
        }
        List<Long> chosen = new ArrayList<>(rare.subList(0, Math.min(rare.size(), SETS / 2)));
        common.stream().limit(SETS - chosen.size()).forEach(chosen::add);
        chosen.sort(null);
        return chosen;
    }

    @AfterAll
    static void summary() {
        System.out.printf("[differential] expectations %s, mismatches %d; generator features covered: %s%n", TALLY,
                MISMATCHES.get(), FEATURES);
    }

    private static void checkSet(Lab lab, long seed) {
        RandomModel model = new RandomModel(seed);
        PolicySet set = LabUniverse.relocate(model.policySet());
        String yaml = ManifestYaml.write(set);
        for (String stale : List.of("10.0.0.", "10.0.1.", "192.0.2.", "2001:db8")) {
            // The generator's universe changed under LabUniverse: the sets would no longer meet the probes.
            assertFalse(yaml.contains(stale), "LabUniverse does not know the generator's address " + stale + "\n" + yaml);
        }
        FEATURES.addAll(model.features);
        CompileOptions options = Firewall.options(lab, lab.node());
        PolicyOracle oracle = PolicyOracle.of(set, "node1", options);
        List<Flow> flows = new ArrayList<>();
        List<OracleExpectation> expected = new ArrayList<>();
        pick(lab, oracle, new Random(seed * 7919 + 1), flows, expected);
        expected.forEach(e -> TALLY.computeIfAbsent(e.kind() + " (" + e.why() + ")", k -> new AtomicInteger())
                .incrementAndGet());

        StringBuilder report = new StringBuilder();
        for (KernelBackend b : KernelBackend.values()) {
            lab.reset();
            Firewall.Deployed d = Firewall.deploy(lab, lab.node(), "node1", b, set);
            RulesetInterpreter ir = new RulesetInterpreter(d.compiled().ruleset());
            List<Outcome> got = lab.probeAll(flows.stream().map(Flow::probe).toList());
            StringBuilder misses = new StringBuilder();
            for (int i = 0; i < flows.size(); i++) {
                Flow f = flows.get(i);
                OracleExpectation e = expected.get(i);
                if (!e.agrees(got.get(i), f.answerer(lab))) {
                    MISMATCHES.incrementAndGet();
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
        if (report.length() > 0) {
            throw new AssertionError("kernel and oracle disagree; generator seed " + seed + ", run seed " + SEED
                    + report + "\n" + replayableManifests(set));
        }
    }

    /**
     * Picks {@link #PROBES} flows: a candidate pool drawn path by path (so rare paths are not drowned by common
     * ones), classified by the oracle (cheap, in memory), then taken round-robin from each kind of expectation, so
     * that the rare ones (an untracked request, a denied answer) are probed whenever the set produces them.
     */
    private static void pick(Lab lab, PolicyOracle oracle, Random r, List<Flow> flows,
            List<OracleExpectation> expected) {
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
                byWhy.computeIfAbsent(e.kind() + e.why(), k -> new ArrayList<>()).add(pool.size());
                pool.add(f);
                poolExpected.add(e);
            }
        }
        List<java.util.Iterator<Integer>> buckets = byWhy.values().stream().map(List::iterator).toList();
        while (flows.size() < PROBES && buckets.stream().anyMatch(java.util.Iterator::hasNext)) {
            for (java.util.Iterator<Integer> it : buckets) {
                if (it.hasNext() && flows.size() < PROBES) {
                    int i = it.next();
                    flows.add(pool.get(i));
                    expected.add(poolExpected.get(i));
                    USED.add(pool.get(i).probe().toString());
                }
            }
        }
    }

    /** The manifests for replay, if they load back to exactly the tested set; otherwise the parsed resources. */
    private static String replayableManifests(PolicySet set) {
        String yaml = ManifestYaml.write(set);
        try {
            if (Loader.parse(yaml).equals(set)) {
                return "----- manifests (load back to the tested set; node node1) -----\n" + yaml;
            }
            return "----- manifests (NOTE: do not load back identically) -----\n" + yaml + Manifests.describe(set);
        } catch (AssertionError | RuntimeException e) {
            return "----- manifests not loadable (" + e.getMessage().lines().findFirst().orElse("") + ") -----\n"
                    + yaml + Manifests.describe(set);
        }
    }
}
