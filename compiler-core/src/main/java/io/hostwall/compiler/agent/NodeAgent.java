package io.hostwall.compiler.agent;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.dataplane.ApplyResult;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DataplaneSnapshot;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.DriftDetector;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.Problem;
import io.hostwall.model.Profile;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceKind;
import io.hostwall.model.ResourceRef;
import io.hostwall.model.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Keeps one node's hostwall rules in the kernel while the cluster changes: it holds the cluster's resources and the
 * node's facts, recompiles the node after a change with one long-lived {@link HostwallCompiler} (whose caches make a
 * recompile redo only what the change touched), and writes the {@link Delta} from what it last wrote to the new
 * desired state. See the package documentation for the design.
 *
 * <pre>{@code
 * NodeAgent agent = NodeAgent.builder().node("node1").facts(facts).dataplane(nft).build();
 * agent.onReport(r -> log.info(r.summary()));
 * agent.start(Hostwall.load(manifests).all());
 * agent.upsert(policy);              // applied within minInterval, with whatever else arrived meanwhile
 * agent.close();                     // leaves the rules in force; close(true) removes them
 * }</pre>
 *
 * <p>All work runs on one agent thread; the change methods only queue and return. {@link #syncNow()},
 * {@link #resyncNow()} and {@link #start} wait for the agent thread (they run directly when called on it, e.g. from
 * a report listener).
 */
public final class NodeAgent implements AutoCloseable {
    private final String node;
    private final Dataplane dataplane;
    private final HostwallCompiler compiler;
    private final Duration minInterval;
    private final Duration resyncInterval;
    private final Duration backoffMin;
    private final Duration backoffMax;
    private final Optional<DataplaneSnapshot> resume;
    private final ScheduledExecutorService executor;
    private final boolean ownExecutor;
    private final Ticker ticker;

    private final ConcurrentLinkedQueue<Change> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean syncScheduled = new AtomicBoolean();
    private final List<Consumer<ApplyReport>> listeners = new CopyOnWriteArrayList<>();
    private volatile AgentCounters counters = AgentCounters.zero();
    private volatile DataplaneSnapshot snapshot = DataplaneSnapshot.empty();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile Thread running;

    // Owned by the agent thread.
    private final ClusterResources cluster = new ClusterResources();
    private NodeFacts facts;
    private boolean dirty = true;
    private boolean lastCompileFailed;
    private DesiredState desired;
    private DesiredState written = DesiredState.empty();
    private boolean needFull = true;
    private DriftDetector detector = new DriftDetector();
    private Duration backoff;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> resync;

    private NodeAgent(Builder b) {
        this.node = b.node;
        this.facts = b.facts;
        this.dataplane = b.dataplane;
        this.compiler = HostwallCompiler.create(b.options);
        this.minInterval = b.minInterval;
        this.resyncInterval = b.resyncInterval;
        this.backoffMin = b.backoffMin;
        this.backoffMax = b.backoffMax;
        this.backoff = b.backoffMin;
        this.resume = b.resume;
        this.ticker = b.ticker;
        this.ownExecutor = b.executor == null;
        this.executor = ownExecutor ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hostwall-agent-" + b.node);
            t.setDaemon(true);
            return t;
        }) : b.executor;
    }

    /** {@return a builder; {@code node} and {@code dataplane} are required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the node this agent keeps} */
    public String node() {
        return node;
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    /**
     * Loads the cluster and brings the kernel to it: a {@link Delta#replaceAll} (which replaces whatever an earlier
     * run left, without a moment without rules and without duplicating hooks), or, when {@link
     * Builder#resumeFrom} was given and the kernel still holds exactly what that snapshot says, only the delta from
     * it. Then the periodic resync starts. A failed start is retried with backoff like any failed apply.
     *
     * @param initial the cluster's resources
     * @return what the first apply did
     * @throws IllegalStateException if the agent was started or closed already
     */
    public ApplyReport start(Collection<? extends Resource> initial) {
        Objects.requireNonNull(initial, "initial");
        if (started || closed) {
            throw new IllegalStateException("the agent for " + node + " was " + (closed ? "closed" : "started"));
        }
        started = true;
        ImmutableList<Resource> resources = ImmutableList.copyOf(initial);
        ApplyReport first = call(() -> {
            cluster.clear();
            resources.forEach(cluster::put);
            resume.ifPresent(this::resumeFrom);
            return report(sync(ApplyReport.Kind.START));
        });
        if (!resyncInterval.isZero()) {
            resync = executor.scheduleWithFixedDelay(task(() -> report(resync())), resyncInterval.toNanos(),
                    resyncInterval.toNanos(), TimeUnit.NANOSECONDS);
        }
        return first;
    }

    /** The kernel still holds the snapshot's state, unchanged, or the first apply is a ReplaceAll. */
    private void resumeFrom(DataplaneSnapshot s) {
        DriftDetector d = new DriftDetector(s.fingerprints());
        try {
            ObservedState seen = dataplane.read();
            DriftDetector.Drift drift = d.check(s.written(), seen);
            if (drift.isEmpty() && (seen.present() || s.written().objects().isEmpty())) {
                written = s.written();
                detector = d;
                needFull = false;
            }
        } catch (RuntimeException e) {
            // Unknown kernel state: the ReplaceAll of the first apply sets it right.
        }
    }

    /**
     * Stops the agent, leaving the rules in force.
     */
    @Override
    public void close() {
        close(false);
    }

    /**
     * Stops the agent and closes its dataplane ({@link Dataplane#close}: a kept tool process ends).
     *
     * @param removeRules whether to remove everything hostwall added to the kernel first
     * @throws io.hostwall.dataplane.DataplaneException if the removal fails (the agent is stopped anyway)
     */
    public void close(boolean removeRules) {
        if (closed) {
            return;
        }
        try {
            if (removeRules) {
                call(() -> {
                    dataplane.remove();
                    written = DesiredState.empty();
                    snapshot = DataplaneSnapshot.empty();
                    return null;
                });
            }
        } finally {
            closed = true;
            call(() -> {
                cancel(retry);
                cancel(resync);
                dataplane.close(); // a kept tool process ends with the agent; the rules stay
                return null;
            });
            if (ownExecutor) {
                executor.shutdownNow();
            }
        }
    }

    // ---- changes (asynchronous, coalesced) -----------------------------------------------------------------------

    /**
     * Adds or replaces a resource (by kind and name).
     *
     * @param resource the resource
     */
    public void upsert(Resource resource) {
        enqueue(new Upsert(Objects.requireNonNull(resource, "resource")));
    }

    /**
     * Removes a resource; a missing one is ignored.
     *
     * @param kind its kind
     * @param name its name
     */
    public void delete(ResourceKind kind, String name) {
        enqueue(new Delete(new ResourceRef(kind, name)));
    }

    /**
     * Applies several changes as one: deletes, then upserts.
     *
     * @param batch the changes
     */
    public void update(Batch batch) {
        batch.deletes().forEach(r -> enqueue(new Delete(r)));
        batch.upserts().forEach(r -> enqueue(new Upsert(r)));
    }

    /**
     * Replaces the whole cluster (e.g. after a directory was reloaded).
     *
     * @param resources the new cluster's resources
     */
    public void replaceAll(Collection<? extends Resource> resources) {
        enqueue(new ReplaceCluster(ImmutableList.copyOf(resources)));
    }

    /**
     * Replaces the node's facts (its interfaces and addresses changed).
     *
     * @param newFacts the facts
     */
    public void facts(NodeFacts newFacts) {
        enqueue(new Facts(Objects.requireNonNull(newFacts, "newFacts")));
    }

    private void enqueue(Change c) {
        if (closed) {
            return;
        }
        pending.add(c);
        // The first change of a burst schedules one sync minInterval later; the rest join it.
        if (started && syncScheduled.compareAndSet(false, true)) {
            executor.schedule(task(() -> {
                syncScheduled.set(false);
                report(sync(ApplyReport.Kind.DELTA));
            }), minInterval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    // ---- synchronous operations ----------------------------------------------------------------------------------

    /**
     * Applies the queued changes now, on the agent thread, and waits.
     *
     * @return what was done
     * @throws IllegalStateException if the agent is not running
     */
    public ApplyReport syncNow() {
        requireRunning();
        return call(() -> report(sync(ApplyReport.Kind.DELTA)));
    }

    /**
     * Reads the kernel now, repairs whatever drifted and waits. The first resync after a write learns the written
     * objects' fingerprints (see {@link DriftDetector}).
     *
     * @return what was done
     * @throws IllegalStateException if the agent is not running
     */
    public ApplyReport resyncNow() {
        requireRunning();
        return call(() -> report(resync()));
    }

    /** {@return what the agent has done so far} */
    public AgentCounters counters() {
        return counters;
    }

    /** {@return the state the kernel was last brought to and the fingerprints learned, for a later run} */
    public DataplaneSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Calls {@code listener} with every report (on the agent thread, in order).
     *
     * @param listener the listener; it must not block for long
     */
    public void onReport(Consumer<ApplyReport> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void requireRunning() {
        if (!started || closed) {
            throw new IllegalStateException("the agent for " + node + " is not running");
        }
    }

    // ---- the agent thread ----------------------------------------------------------------------------------------

    private ApplyReport sync(ApplyReport.Kind requested) {
        int skipped = drain();
        if (!dirty && !needFull && desired != null) {
            bump(c -> counters(c, 0, 0, 0, 0, 0, 0, 1, skipped, 0, null, null));
            return report(requested, ApplyReport.Outcome.NOTHING_TO_DO, skipped == 0 ? "no change"
                    : skipped + " change" + (skipped == 1 ? "" : "s") + ", none concerning node " + node,
                    Delta.replaceAll(DesiredState.empty()), 0, 0, Duration.ZERO, Duration.ZERO);
        }
        if (skipped > 0) {
            bump(c -> counters(c, 0, 0, 0, 0, 0, 0, 0, skipped, 0, null, null));
        }
        Duration compileTime = Duration.ZERO;
        if (dirty || desired == null) {
            long t0 = ticker.read();
            String error = null;
            try {
                CompiledNode compiled = compiler.compile(cluster.policySet(), node, facts);
                desired = dataplane.desired(compiled.ruleset());
            } catch (CompileException e) {
                error = e.problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
            } catch (RuntimeException e) {
                error = "compile failed: " + e;
            }
            compileTime = Duration.ofNanos(ticker.read() - t0);
            Duration ct = compileTime;
            dirty = false;
            lastCompileFailed = error != null;
            bump(c -> counters(c, 0, 0, lastCompileFailed ? 1 : 0, 1, 0, 0, 0, 0, 0, null, ct));
            if (error != null) {
                // The kernel is not touched: the last good ruleset stays in force.
                return report(requested, ApplyReport.Outcome.FAILED, error, Delta.replaceAll(DesiredState.empty()),
                        0, 0, compileTime, Duration.ZERO);
            }
        }
        ApplyReport.Kind kind = needFull && requested != ApplyReport.Kind.START ? ApplyReport.Kind.RETRY
                : requested;
        Delta delta = needFull ? Delta.replaceAll(desired) : Delta.between(written, desired);
        return write(kind, delta, desired, compileTime, 0);
    }

    private ApplyReport resync() {
        if (needFull) {
            return sync(ApplyReport.Kind.RETRY); // after a failure, the retry's ReplaceAll is the repair
        }
        long t0 = ticker.read();
        ObservedState seen;
        try {
            seen = dataplane.read();
        } catch (RuntimeException e) {
            return failed(ApplyReport.Kind.RESYNC, "reading the kernel failed: " + e.getMessage(), Duration.ZERO,
                    Duration.ofNanos(ticker.read() - t0));
        }
        DriftDetector.Drift drift = detector.check(written, seen);
        bump(c -> counters(c, 0, 0, 0, 0, 0, 1, drift.isEmpty() ? 1 : 0, 0, 0, null, null));
        if (drift.isEmpty()) {
            snapshot = new DataplaneSnapshot(written, detector.fingerprints());
            return report(ApplyReport.Kind.RESYNC, ApplyReport.Outcome.NOTHING_TO_DO, "no drift",
                    Delta.replaceAll(DesiredState.empty()), 0, 0, Duration.ZERO,
                    Duration.ofNanos(ticker.read() - t0));
        }
        ApplyReport r = write(ApplyReport.Kind.RESYNC, Delta.repair(written, seen, drift.drifted()), written,
                Duration.ZERO, drift.count());
        if (r.applied()) {
            bump(c -> counters(c, 0, 0, 0, 0, 1, 0, 0, 0, 0, null, null));
        }
        return r;
    }

    private ApplyReport write(ApplyReport.Kind kind, Delta delta, DesiredState target, Duration compileTime,
            int drifted) {
        if (delta.isEmpty()) {
            written = target;
            bump(c -> counters(c, 0, 0, 0, 0, 0, 0, 1, 0, 0, null, null));
            return report(kind, ApplyReport.Outcome.NOTHING_TO_DO, "the kernel holds the desired state", delta,
                    drifted, 0, compileTime, Duration.ZERO);
        }
        long t0 = ticker.read();
        ApplyResult result;
        try {
            result = dataplane.apply(delta);
        } catch (RuntimeException e) {
            return failed(kind, String.valueOf(e.getMessage()), compileTime, Duration.ofNanos(ticker.read() - t0));
        }
        Duration applyTime = Duration.ofNanos(ticker.read() - t0);
        written = target;
        needFull = false;
        detector.written(delta);
        backoff = backoffMin;
        cancel(retry);
        retry = null;
        snapshot = new DataplaneSnapshot(written, detector.fingerprints());
        bump(c -> counters(c, 1, 0, 0, 0, 0, 0, 0, 0, result.bytes(), applyTime, null));
        return report(kind, ApplyReport.Outcome.APPLIED, "", delta, drifted, result.bytes(), compileTime, applyTime);
    }

    /** A refused write leaves the kernel as it was; the next write is a ReplaceAll, after a backoff. */
    private ApplyReport failed(ApplyReport.Kind kind, String message, Duration compileTime, Duration applyTime) {
        needFull = true;
        detector.forgetAll();
        bump(c -> counters(c, 0, 1, 0, 0, 0, 0, 0, 0, 0, applyTime, null));
        if (!closed && retry == null) {
            Duration wait = backoff;
            backoff = backoff.multipliedBy(2).compareTo(backoffMax) > 0 ? backoffMax : backoff.multipliedBy(2);
            retry = executor.schedule(task(() -> {
                retry = null; // running: a failure now schedules the next retry
                report(sync(ApplyReport.Kind.RETRY));
            }), wait.toNanos(), TimeUnit.NANOSECONDS);
        }
        return report(kind, ApplyReport.Outcome.FAILED, message, Delta.replaceAll(DesiredState.empty()), 0, 0,
                compileTime, applyTime);
    }

    private ApplyReport report(ApplyReport.Kind kind, ApplyReport.Outcome outcome, String message, Delta delta,
            int drifted, long bytes, Duration compileTime, Duration applyTime) {
        ApplyReport.Changes changes = outcome == ApplyReport.Outcome.APPLIED ? ApplyReport.Changes.of(delta)
                : ApplyReport.Changes.none();
        return new ApplyReport(kind, outcome, message, changes, drifted, bytes, compileTime, applyTime);
    }

    private ApplyReport report(ApplyReport r) {
        for (Consumer<ApplyReport> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                // A listener's failure must not stop the agent.
            }
        }
        return r;
    }

    // ---- changes to the cluster ----------------------------------------------------------------------------------

    /** Takes every queued change into the cluster; returns how many could not concern this node. */
    private int drain() {
        int skipped = 0;
        Change c;
        while ((c = pending.poll()) != null) {
            if (concernsNode(c)) {
                dirty = true;
            } else {
                skipped++;
            }
            apply(c);
        }
        return skipped;
    }

    private void apply(Change c) {
        if (c instanceof Upsert u) {
            cluster.put(u.resource());
        } else if (c instanceof Delete d) {
            cluster.remove(d.ref());
        } else if (c instanceof ReplaceCluster r) {
            cluster.clear();
            r.resources().forEach(cluster::put);
        } else if (c instanceof Facts f) {
            facts = f.facts();
        }
    }

    /**
     * Whether a change can alter this node's ruleset. A policy that selects none of this node's host endpoints,
     * before or after the change, adds no chain, set or rule to it (the compiler builds only the selected
     * policies' chains and checks only their enforceability); its tier must exist, or every node's compile fails.
     * Other kinds (endpoints of other nodes, network sets, profiles, tiers, Felix configurations) feed selectors,
     * sets and failsafes, so they always recompile. After a failed compile everything recompiles.
     */
    private boolean concernsNode(Change c) {
        if (lastCompileFailed || desired == null) {
            return true;
        }
        if (c instanceof Upsert u) {
            Resource before = cluster.get(u.resource().ref());
            if (u.resource().equals(before)) {
                return false;
            }
            if (u.resource() instanceof GlobalNetworkPolicy p) {
                return !tierDefined(p.tier()) || selectsThisNode(before) || selectsThisNode(p);
            }
            return true;
        }
        if (c instanceof Delete d) {
            Resource before = cluster.get(d.ref());
            if (before == null) {
                return false;
            }
            return !(before instanceof GlobalNetworkPolicy) || selectsThisNode(before);
        }
        if (c instanceof ReplaceCluster r) {
            Map<ResourceRef, Resource> next = new TreeMap<>();
            r.resources().forEach(x -> next.put(x.ref(), x));
            return !next.equals(cluster.view());
        }
        return !((Facts) c).facts().equals(facts);
    }

    private boolean tierDefined(String tier) {
        return tier.equals(Tier.DEFAULT) || cluster.containsKey(new ResourceRef(ResourceKind.TIER, tier));
    }

    /** Evaluates the policy's selector on this node's endpoints' labels (their own over their profiles'). */
    private boolean selectsThisNode(Resource r) {
        if (!(r instanceof GlobalNetworkPolicy p)) {
            return false;
        }
        if (p.namespaceSelector().isPresent() || p.serviceAccountSelector().isPresent()) {
            return false; // never selects a host endpoint
        }
        for (Resource x : cluster.ofKind(ResourceKind.HOST_ENDPOINT).values()) {
            HostEndpoint hep = (HostEndpoint) x;
            if (hep.node().equals(node) && p.selector().matches(effectiveLabels(hep))) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> effectiveLabels(HostEndpoint hep) {
        if (hep.profiles().isEmpty()) {
            return hep.labels();
        }
        Map<String, String> labels = new TreeMap<>();
        for (String name : hep.profiles()) {
            if (cluster.get(new ResourceRef(ResourceKind.PROFILE, name)) instanceof Profile p) {
                labels.putAll(p.labelsToApply());
            }
        }
        labels.putAll(hep.labels());
        return labels;
    }

    private sealed interface Change permits Upsert, Delete, ReplaceCluster, Facts {}

    private record Upsert(Resource resource) implements Change {}

    private record Delete(ResourceRef ref) implements Change {}

    private record ReplaceCluster(ImmutableList<Resource> resources) implements Change {}

    private record Facts(NodeFacts facts) implements Change {}

    // ---- plumbing ------------------------------------------------------------------------------------------------

    /** Runs {@code body} on the agent thread and waits; directly when already on it. */
    private <T> T call(Callable<T> body) {
        if (Thread.currentThread() == running) {
            return uncheckedCall(body);
        }
        try {
            return executor.submit(() -> onAgentThread(body)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the agent of " + node, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A scheduled task: it never throws, or a periodic resync would silently stop. */
    private Runnable task(Runnable body) {
        return () -> {
            if (!closed) {
                onAgentThread(() -> {
                    try {
                        body.run();
                    } catch (RuntimeException e) {
                        report(new ApplyReport(ApplyReport.Kind.DELTA, ApplyReport.Outcome.FAILED,
                                "internal error: " + e, ApplyReport.Changes.none(), 0, 0, Duration.ZERO,
                                Duration.ZERO));
                    }
                    return null;
                });
            }
        };
    }

    private <T> T onAgentThread(Callable<T> body) {
        Thread before = running;
        running = Thread.currentThread();
        try {
            return uncheckedCall(body);
        } finally {
            running = before;
        }
    }

    private static <T> T uncheckedCall(Callable<T> body) {
        try {
            return body.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private interface Bump {
        AgentCounters apply(AgentCounters c);
    }

    private void bump(Bump b) {
        counters = b.apply(counters);
    }

    /** Adds to the counters; a null duration leaves that last-time as it was. */
    private static AgentCounters counters(AgentCounters c, long applies, long failures, long compileFailures,
            long compiles, long repairs, long resyncs, long noOps, long skipped, long bytes, Duration applyTime,
            Duration compileTime) {
        return new AgentCounters(c.applies() + applies, c.failures() + failures,
                c.compileFailures() + compileFailures, c.compiles() + compiles, c.repairs() + repairs,
                c.resyncs() + resyncs, c.noOpSyncs() + noOps, c.skippedChanges() + skipped, c.bytes() + bytes,
                applyTime == null ? c.totalApplyTime() : c.totalApplyTime().plus(applyTime),
                applyTime == null ? c.lastApplyTime() : applyTime,
                compileTime == null ? c.totalCompileTime() : c.totalCompileTime().plus(compileTime),
                compileTime == null ? c.lastCompileTime() : compileTime);
    }

    /** Builds a {@link NodeAgent}. */
    public static final class Builder {
        private String node;
        private NodeFacts facts = NodeFacts.none();
        private CompileOptions options = CompileOptions.defaults();
        private Dataplane dataplane;
        private Duration minInterval = Duration.ofMillis(100);
        private Duration resyncInterval = Duration.ofSeconds(90);
        private Duration backoffMin = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Optional<DataplaneSnapshot> resume = Optional.empty();
        private ScheduledExecutorService executor;
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {}

        /**
         * The node to keep (required).
         *
         * @param name the node's name, as host endpoints' {@code spec.node} spell it
         * @return this builder
         */
        public Builder node(String name) {
            this.node = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The node's interfaces and addresses; default none.
         *
         * @param value the facts
         * @return this builder
         */
        public Builder facts(NodeFacts value) {
            this.facts = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The compile options; default {@link CompileOptions#defaults()}.
         *
         * @param value the options
         * @return this builder
         */
        public Builder options(CompileOptions value) {
            this.options = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The kernel side (required).
         *
         * @param value the dataplane
         * @return this builder
         */
        public Builder dataplane(Dataplane value) {
            this.dataplane = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * How long after the first change of a burst the agent applies it, with every change that arrived
         * meanwhile; default 100 ms.
         *
         * @param value the window, not negative
         * @return this builder
         */
        public Builder minInterval(Duration value) {
            this.minInterval = nonNegative(value, "minInterval");
            return this;
        }

        /**
         * How often the agent reads the kernel and repairs drift; default 90 s; {@link Duration#ZERO} for never.
         *
         * @param value the interval, not negative
         * @return this builder
         */
        public Builder resyncInterval(Duration value) {
            this.resyncInterval = nonNegative(value, "resyncInterval");
            return this;
        }

        /**
         * The wait before retrying a failed apply, doubled after each failure up to {@code max}; default 100 ms to
         * 30 s.
         *
         * @param min the first wait, positive
         * @param max the longest wait, at least {@code min}
         * @return this builder
         * @throws IllegalArgumentException if {@code min} is not positive or {@code max} is less
         */
        public Builder backoff(Duration min, Duration max) {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < min <= max, not " + min + " and " + max);
            }
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        /**
         * What an earlier run wrote (e.g. from the CLI's state file): if the kernel still holds exactly that, the
         * first apply is the delta from it; otherwise a ReplaceAll.
         *
         * @param value the earlier run's snapshot
         * @return this builder
         */
        public Builder resumeFrom(DataplaneSnapshot value) {
            this.resume = Optional.of(value);
            return this;
        }

        /**
         * The single thread the agent runs on; by default its own daemon thread. A given scheduler is not shut down
         * by {@link NodeAgent#close()}; it must run tasks one at a time.
         *
         * @param value the scheduler
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService value) {
            this.executor = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * What compile and apply times are measured with; default {@link Ticker#systemTicker()}.
         *
         * @param value the ticker
         * @return this builder
         */
        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Builds the agent; it does nothing until {@link NodeAgent#start}.
         *
         * @return the agent
         * @throws IllegalStateException if the node or the dataplane is missing
         */
        public NodeAgent build() {
            if (node == null || dataplane == null) {
                throw new IllegalStateException("a node agent needs a node and a dataplane");
            }
            return new NodeAgent(this);
        }

        private static Duration nonNegative(Duration d, String what) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }
    }
}
