package io.hostwall.compiler.agent;

import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.gen.Models.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.Hostwall;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.FakeDataplane;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObjectKind;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeAgentTest {
    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration BACKOFF = Duration.ofMillis(50);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeDataplane kernel = FakeDataplane.create();
    private final List<ApplyReport> reports = new ArrayList<>();
    private final Map<String, Resource> cluster = new TreeMap<>();
    private NodeAgent agent;

    NodeAgentTest() {
        put(hep("node1-eth0").node("node1").iface("eth0").label("role", "web").build());
        put(hep("node2-eth0").node("node2").iface("eth0").label("role", "db").build());
        put(web(80));
        put(gnp("db").selector("role == 'db'").ingress(allow().protocol(Protocol.TCP)
                .destination(side().ports(5432))).build());
    }

    private static GlobalNetworkPolicy web(int... ports) {
        Object[] p = java.util.Arrays.stream(ports).boxed().toArray();
        return gnp("web").selector("role == 'web'").ingress(allow().protocol(Protocol.TCP)
                .destination(side().ports(p)).source(side().nets("192.0.2.0/24", "198.51.100.0/24",
                        "203.0.113.0/24", "10.1.0.0/16", "10.2.0.0/16"))).build();
    }

    private void put(Resource r) {
        cluster.put(r.kind() + "/" + r.name(), r);
    }

    private NodeAgent.Builder builder(FakeDataplane dp) {
        return NodeAgent.builder().node("node1").dataplane(dp).scheduler(scheduler).minInterval(MIN)
                .resyncInterval(Duration.ZERO).backoff(BACKOFF, Duration.ofSeconds(1));
    }

    private NodeAgent started(NodeAgent.Builder b) {
        agent = b.build();
        agent.onReport(reports::add);
        ApplyReport r = agent.start(cluster.values());
        assertEquals(ApplyReport.Outcome.APPLIED, r.outcome(), r.summary());
        return agent;
    }

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    /** What a fresh kernel holds after one ReplaceAll of the current cluster. */
    private String fresh() throws Exception {
        FakeDataplane f = FakeDataplane.create();
        f.apply(Delta.replaceAll(desired()));
        return ownOnly(f.dump());
    }

    private DesiredState desired() throws Exception {
        return kernel.desired(Hostwall.create().compile(Hostwall.cluster(cluster.values()), "node1").ruleset());
    }

    private static String ownOnly(String dump) {
        return dump.lines().filter(l -> !l.startsWith("  foreign ")).reduce("", (a, b) -> a + b + "\n");
    }

    private ObjectId anyObject(ObjectKind kind) {
        ObservedState seen = kernel.read();
        return seen.objects().values().stream().filter(o -> o.id().kind() == kind && o.size() > 0)
                .map(ObservedState.Observed::id).findFirst().orElseThrow();
    }

    @Test
    void startWritesOneReplaceAll() throws Exception {
        started(builder(kernel));
        assertEquals(1, kernel.applies());
        assertTrue(kernel.lastApplied().isReplaceAll());
        assertEquals(fresh(), ownOnly(kernel.dump()));
        assertEquals(ApplyReport.Kind.START, reports.get(0).kind());
        assertEquals(desired(), agent.snapshot().written());
    }

    @Test
    void aBurstOfFiftyUpsertsIsOneApply() throws Exception {
        started(builder(kernel));
        for (int i = 0; i < 50; i++) {
            GlobalNetworkPolicy p = web(80, 1000 + i);
            agent.upsert(p);
            put(p);
        }
        assertEquals(1, kernel.applies(), "nothing before minInterval");
        scheduler.advance(MIN);
        assertEquals(2, kernel.applies());
        assertFalse(kernel.lastApplied().isReplaceAll());
        assertEquals(fresh(), ownOnly(kernel.dump()));
        assertEquals(2, agent.counters().compiles());
        ApplyReport last = reports.get(reports.size() - 1);
        assertEquals(ApplyReport.Kind.DELTA, last.kind());
        assertEquals(ApplyReport.Outcome.APPLIED, last.outcome());
        assertTrue(last.changes().chainsWritten() > 0, last.summary());
    }

    @Test
    void aPolicyThatSelectsNoEndpointOfThisNodeCostsNothing() throws Exception {
        started(builder(kernel));
        GlobalNetworkPolicy other = gnp("db-too").selector("role == 'db'").ingress(allow().protocol(Protocol.TCP)
                .destination(side().ports(6432))).build();
        agent.upsert(other);
        scheduler.advance(MIN);
        agent.delete(ResourceKind.GLOBAL_NETWORK_POLICY, "db");
        agent.upsert(cluster.get("GLOBAL_NETWORK_POLICY/web")); // sent again, unchanged
        assertEquals(ApplyReport.Outcome.NOTHING_TO_DO, agent.syncNow().outcome());
        assertEquals(1, kernel.applies());
        assertEquals(1, agent.counters().compiles());
        assertEquals(3, agent.counters().skippedChanges());
        // The skipped changes are in the cluster: the next compile sees them.
        put(other);
        cluster.remove("GLOBAL_NETWORK_POLICY/db");
        put(web(81));
        agent.upsert(web(81));
        assertEquals(ApplyReport.Outcome.APPLIED, agent.syncNow().outcome());
        assertEquals(fresh(), ownOnly(kernel.dump()));
    }

    @Test
    void aFailedApplyKeepsTheRulesetAndTheRetryIsAReplaceAll() throws Exception {
        started(builder(kernel).minInterval(Duration.ofHours(1))); // only the retries run on the clock
        String before = kernel.dump();
        kernel.failNextApplies(2);
        put(web(443));
        agent.upsert(web(443));
        ApplyReport failed = agent.syncNow();
        assertEquals(ApplyReport.Outcome.FAILED, failed.outcome());
        assertTrue(failed.message().contains("injected"), failed.message());
        assertEquals(before, kernel.dump(), "the previous ruleset stays in force");
        scheduler.advance(BACKOFF); // the first retry fails too
        assertEquals(before, kernel.dump());
        assertEquals(ApplyReport.Kind.RETRY, reports.get(reports.size() - 1).kind());
        assertEquals(ApplyReport.Outcome.FAILED, reports.get(reports.size() - 1).outcome());
        scheduler.advance(BACKOFF); // backoff doubled: not yet
        assertEquals(3, kernel.applies());
        scheduler.advance(BACKOFF);
        assertEquals(4, kernel.applies());
        assertTrue(kernel.lastApplied().isReplaceAll());
        assertEquals(fresh(), ownOnly(kernel.dump()));
        ApplyReport retry = reports.get(reports.size() - 1);
        assertEquals(ApplyReport.Kind.RETRY, retry.kind());
        assertEquals(ApplyReport.Outcome.APPLIED, retry.outcome());
        assertEquals(1, scheduler.waiting(), "no retry left after a success, only the sync of the upsert");
        assertEquals(2, agent.counters().failures());
        assertEquals(2, agent.counters().applies());
    }

    @Test
    void driftIsRepairedAtResyncAndOtherProgramsRulesStay() throws Exception {
        started(builder(kernel));
        assertEquals(ApplyReport.Outcome.NOTHING_TO_DO, agent.resyncNow().outcome(), "the learning read");
        ObjectId chain = anyObject(ObjectKind.CHAIN);
        ObjectId hooks = anyObject(ObjectKind.HOOKS);
        kernel.editRule(chain, 0, "tampered");
        kernel.duplicateHook(hooks);
        kernel.insertForeignRule(hooks, "-j DOCKER");
        ApplyReport repair = agent.resyncNow();
        assertEquals(ApplyReport.Kind.RESYNC, repair.kind());
        assertEquals(ApplyReport.Outcome.APPLIED, repair.outcome(), repair.summary());
        assertEquals(2, repair.drifted());
        assertEquals(fresh(), ownOnly(kernel.dump()));
        assertTrue(kernel.dump().contains("  foreign -j DOCKER\n"));
        assertEquals(ApplyReport.Outcome.NOTHING_TO_DO, agent.resyncNow().outcome());
        kernel.deleteAll();
        ApplyReport whole = agent.resyncNow();
        assertEquals(ApplyReport.Outcome.APPLIED, whole.outcome());
        assertTrue(kernel.lastApplied().isReplaceAll());
        assertEquals(fresh(), ownOnly(kernel.dump()));
        AgentCounters c = agent.counters();
        assertEquals(2, c.repairs());
        assertEquals(4, c.resyncs());
        assertEquals(3, c.applies());
        assertEquals(kernel.bytes(), c.bytes());
    }

    @Test
    void thePeriodicResyncRepairs() throws Exception {
        started(builder(kernel).resyncInterval(Duration.ofSeconds(90)));
        ObjectId chain = anyObject(ObjectKind.CHAIN);
        kernel.flushChain(chain);
        scheduler.advance(Duration.ofSeconds(90));
        assertEquals(fresh(), ownOnly(kernel.dump()));
        assertEquals(1, agent.counters().repairs());
    }

    @Test
    void aCompileErrorKeepsTheLastGoodRuleset() throws Exception {
        started(builder(kernel));
        String before = kernel.dump();
        agent.upsert(gnp("bad").tier("missing").selector("role == 'web'").ingress(allow()).build());
        ApplyReport r = agent.syncNow();
        assertEquals(ApplyReport.Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("tier \"missing\" is not defined"), r.message());
        assertEquals(before, kernel.dump());
        assertEquals(1, kernel.applies());
        assertEquals(1, agent.counters().compileFailures());
        agent.delete(ResourceKind.GLOBAL_NETWORK_POLICY, "bad");
        assertEquals(ApplyReport.Outcome.NOTHING_TO_DO, agent.syncNow().outcome());
        assertEquals(fresh(), ownOnly(kernel.dump()));
    }

    @Test
    void counterBytesAndTimesAddUp() throws Exception {
        started(builder(kernel));
        put(web(8080));
        agent.upsert(web(8080));
        ApplyReport r = agent.syncNow();
        AgentCounters c = agent.counters();
        assertEquals(2, c.applies());
        assertEquals(kernel.bytes(), c.bytes());
        assertEquals(r.bytes(), kernel.bytes() - reports.get(0).bytes());
        assertTrue(c.totalCompileTime().compareTo(c.lastCompileTime()) >= 0);
        assertTrue(r.summary().startsWith("delta applied: chains +"), r.summary());
    }

    @Test
    void startingOverAnEarlierRunLeavesNoDuplicates() throws Exception {
        try (NodeAgent earlier = builder(kernel).build()) {
            earlier.start(List.of(cluster.get("HOST_ENDPOINT/node1-eth0"), web(22)));
        }
        ObjectId hooks = anyObject(ObjectKind.HOOKS);
        kernel.duplicateHook(hooks);
        kernel.insertForeignRule(hooks, "-j DOCKER");
        started(builder(kernel));
        assertTrue(kernel.lastApplied().isReplaceAll());
        assertEquals(fresh(), ownOnly(kernel.dump()));
        assertTrue(kernel.dump().contains("  foreign -j DOCKER\n"));
    }

    @Test
    void aSnapshotOfAnUntouchedKernelResumesWithADelta() throws Exception {
        NodeAgent earlier = builder(kernel).build();
        earlier.start(cluster.values());
        earlier.resyncNow();
        var snap = earlier.snapshot();
        assertFalse(snap.fingerprints().isEmpty());
        earlier.close();
        put(web(8443));
        started(builder(kernel).resumeFrom(snap));
        assertEquals(2, kernel.applies());
        assertFalse(kernel.lastApplied().isReplaceAll());
        assertEquals(fresh(), ownOnly(kernel.dump()));

        // A kernel changed since the snapshot was taken: ReplaceAll.
        agent.close();
        var snap2 = agent.snapshot();
        kernel.editRule(anyObject(ObjectKind.CHAIN), 0, "tampered");
        started(builder(kernel).resumeFrom(snap2));
        assertTrue(kernel.lastApplied().isReplaceAll());
        assertEquals(fresh(), ownOnly(kernel.dump()));
        assertNotEquals(snap, snap2);
    }

    @Test
    void runsOnItsOwnThread() throws Exception {
        agent = NodeAgent.builder().node("node1").dataplane(kernel).build();
        assertEquals(ApplyReport.Outcome.APPLIED, agent.start(cluster.values()).outcome());
        put(web(9000));
        agent.upsert(web(9000));
        agent.syncNow(); // applies it, unless the coalesced sync already did
        assertEquals(fresh(), ownOnly(kernel.dump()));
        agent.close();
    }

    @Test
    void closeWithRemovalLeavesNothing() {
        started(builder(kernel));
        agent.close(true);
        assertEquals(new ObservedState(false, com.google.common.collect.ImmutableSortedMap.of()), kernel.read());
    }
}
