package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.agent.ApplyReport;
import io.hostwall.compiler.agent.NodeAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No gap while a node agent rewrites the kernel: a {@link NodeAgent} in the lab node's namespace, on the backend's
 * real dataplane, applies random changes until 100 of them have changed the kernel (a policy's ports or sources, a
 * policy added or deleted, the network set's members, the host endpoint's labels), each fed to it as upserts and
 * deletes and written as a delta, while probes run round after round. A flow the oracle allows before and after a
 * change must connect in every round during it, a flow it denies before and after must never connect, and a TCP
 * connection held open from the start (its own policy never changes) keeps echoing. Flows whose verdict the change
 * flips are not judged during it (either answer is right mid-transaction), but every twentieth change all flows are
 * checked against the new verdicts, so the deltas are proved to take effect too.
 *
 * <p>Cheap per change: the blocked flows are sampled with one short attempt each (an answer that comes back is the
 * only news; on veth it takes well under a millisecond), the allowed ones answer at once.
 */
@ExtendWith(LabExtension.class)
class AgentNoGapTest {
    private static final int CHANGES = 100;
    private static final long SEED = Long.getLong("hostwall.lab.seed", 20261203L);
    /** Long enough for any answer on veth, short enough to sample a transaction of a few milliseconds often. */
    private static final int BLOCKED_SAMPLE_MS = 100;

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void flowsThatKeepTheirVerdictNeverSeeAGap(KernelBackend backend, Lab lab) throws Exception {
        Random random = new Random(SEED);
        AgentWorld world = AgentWorld.initial();
        List<Flow> flows = AgentWorld.flows(lab);
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        ExecutorService probers = Executors.newFixedThreadPool(2);
        AtomicLong roundsDuringApplies = new AtomicLong();
        int changes = 0;
        int judged = 0;
        int applied = 0;
        long bytes = 0;
        long heldPings = 0;
        // The agent's own coalescing timer never fires: each change is written by syncNow(), so the probes know
        // exactly when it runs.
        NodeAgent agent = NodeAgent.builder().node("node1").facts(Firewall.facts(lab, lab.node()))
                .options(Firewall.options()).dataplane(AgentWorld.dataplane(backend, lab.node().ns()))
                .minInterval(Duration.ofHours(1)).resyncInterval(Duration.ZERO).build();
        try (HeldConnection.Process server = HeldConnection.Process.start(lab.node().ns(), "serve",
                Integer.toString(AgentWorld.HELD_PORT))) {
            ApplyReport start = agent.start(world.policySet().all());
            assertTrue(start.applied(), start.summary());
            try (HeldConnection.Process held = HeldConnection.Process.start(lab.peer().ns(), "hold",
                    lab.node().v4().getHostAddress(), Integer.toString(AgentWorld.HELD_PORT))) {
                Map<Flow, OracleExpectation> before = world.expectations(lab, flows);
                wrong.addAll(AgentWorld.disagreements(lab, flows, before, lab.probeAll(probes(flows)), "after start"));
                for (int i = 1; applied < CHANGES && i <= 3 * CHANGES && wrong.size() <= 20; i++) {
                    changes = i;
                    AgentWorld next = world.mutate(random);
                    forgetUdp(lab);
                    Map<Flow, OracleExpectation> after = next.expectations(lab, flows);
                    List<Flow> allowed = new ArrayList<>();
                    List<Flow> blocked = new ArrayList<>();
                    for (Flow f : flows) {
                        OracleExpectation b = before.get(f);
                        if (b.kind() == after.get(f).kind()) {
                            if (b.kind() == OracleExpectation.Kind.PASS) {
                                allowed.add(f);
                            } else if (b.kind() == OracleExpectation.Kind.BLOCK) {
                                blocked.add(f);
                            }
                        }
                    }
                    judged += allowed.size() + blocked.size();
                    String when = "during change " + i;
                    Map<Flow, OracleExpectation> now = before;
                    AtomicBoolean applying = new AtomicBoolean(true);
                    // Round after round until the apply is over, then once more (that round sees the new ruleset).
                    CompletableFuture<Void> blockedRounds = CompletableFuture.runAsync(() -> {
                        for (boolean last = false; !last; ) {
                            last = !applying.get();
                            if (!last) {
                                roundsDuringApplies.incrementAndGet();
                            }
                            wrong.addAll(AgentWorld.disagreements(lab, blocked, now,
                                    lab.probeAllOnce(probes(blocked), BLOCKED_SAMPLE_MS), when));
                        }
                    }, probers);
                    CompletableFuture<Long> allowedRounds = CompletableFuture.supplyAsync(() -> {
                        long pings = 0;
                        for (boolean last = false; !last; ) {
                            last = !applying.get();
                            wrong.addAll(AgentWorld.disagreements(lab, allowed, now, lab.probeAll(probes(allowed)),
                                    when));
                            String echo = held.ping();
                            pings++;
                            if (!echo.equals("ok")) {
                                wrong.add(when + ": the held connection: " + echo);
                            }
                        }
                        return pings;
                    }, probers);
                    ApplyReport r;
                    try {
                        agent.update(world.changesTo(next));
                        r = agent.syncNow();
                    } finally {
                        applying.set(false);
                    }
                    blockedRounds.join();
                    heldPings += allowedRounds.join();
                    assertFalse(r.failed(), "change " + i + ": " + r.summary());
                    if (r.applied()) {
                        applied++;
                        bytes += r.bytes();
                    }
                    // A UDP flow the change denies still has its conntrack entry from when it was allowed, and
                    // conntrack lets it through (as in any stateful firewall): forget UDP flows before judging them
                    // as new ones. TCP probes close with RST, and a new SYN replaces such an entry by itself.
                    lab.node().ns().exec("conntrack", "-D", "-p", "udp");
                    if (i % 20 == 0) {
                        forgetUdp(lab);
                        wrong.addAll(AgentWorld.disagreements(lab, flows, after, lab.probeAll(probes(flows)),
                                "after change " + i));
                    }
                    world = next;
                    before = after;
                }
            }
        } finally {
            probers.shutdownNow();
            agent.close(true);
        }
        System.out.printf("[agent-no-gap] %s: %d changes (%d changed the kernel, %d bytes), %d flow verdicts"
                + " judged during them, %d blocked-flow rounds started mid-apply, %d held-connection echoes, %d wrong%n",
                backend, changes,
                applied, bytes, judged, roundsDuringApplies.get(), heldPings, wrong.size());
        assertEquals(List.of(), wrong, "seed " + SEED);
        assertEquals(CHANGES, applied, "changes that reached the kernel, of " + changes);
    }

    /**
     * Forgets the node's UDP conntrack entries: a probe's fixed source port makes each UDP flow one conntrack entry,
     * which lets the next probe through as ESTABLISHED for 30 s whatever the policy now says. TCP entries stay: the
     * held connection lives in one, and a closed probe's TIME_WAIT entry does not pass a new SYN.
     */
    private static void forgetUdp(Lab lab) {
        for (String family : List.of("ipv4", "ipv6")) {
            // exit 1 when there was nothing to delete
            lab.node().ns().exec("conntrack", "-D", "-p", "udp", "-f", family);
        }
    }

    private static List<Probe> probes(List<Flow> flows) {
        return flows.stream().map(Flow::probe).toList();
    }
}
