package io.hostwall.lab;

import static io.hostwall.ir.testing.IrFixtures.accept;
import static io.hostwall.ir.testing.IrFixtures.drop;
import static io.hostwall.ir.testing.IrFixtures.family;
import static io.hostwall.ir.testing.IrFixtures.jump;
import static io.hostwall.ir.testing.IrFixtures.netSet;
import static io.hostwall.ir.testing.IrFixtures.proto;
import static io.hostwall.ir.testing.IrFixtures.ret;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static io.hostwall.ir.testing.IrFixtures.ruleset;
import static io.hostwall.ir.testing.IrFixtures.srcSet;
import static io.hostwall.net.IpFamily.V4;
import static io.hostwall.net.IpFamily.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.gen.PolicySetArbitraries;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Hook;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.iptables.IptablesBackend;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The iptables dataplane against the real tools, in bare namespaces: deltas end where a fresh full apply ends, a
 * refused transaction leaves the previous ruleset (saves and packets), Docker's and kube-proxy's chains are never
 * touched, and drift injected with the real tools is found by {@code read()} and repaired.
 */
@AddLifecycleHook(KernelAvailable.class)
class IptablesDataplaneKernelProperties {
    static final String SEED = "20261203";
    static final int SEQUENCES = 20;
    static final int CHANGES = 10;

    private static final Arbitrary<PolicySet> SETS = PolicySetArbitraries.policySets().map(LabUniverse::relocate);
    private static final NodeFacts FACTS = NodeFacts.builder().addInterface("eth0", "10.240.0.11", "fd00:240::11")
            .addInterface("cali12345678", "169.254.1.1").build();
    /** Computes desired states only; never writes (a dataplane learns the names of what it is shown). */
    private static final Dataplane RENDERER = dataplane((c, s) -> {
        throw new AssertionError("the renderer ran " + c);
    });

    private static DataplaneNamespaces namespaces;
    private static Namespace a;
    private static Namespace b;
    private static int deltasApplied;
    private static int editsApplied;

    @BeforeContainer
    static void create() {
        namespaces = new DataplaneNamespaces();
        a = namespaces.create("dpa");
        b = namespaces.create("dpb");
    }

    @AfterContainer
    static void delete() {
        if (namespaces != null) {
            namespaces.close();
            System.out.printf("[iptables dataplane] %d deltas applied in the kernel, %d in-place chain edits%n",
                    deltasApplied, editsApplied);
        }
    }

    static Dataplane dataplane(ToolRunner tools) {
        return new IptablesBackend().dataplane(RenderOptions.defaults(), tools).orElseThrow();
    }

    static Dataplane dataplane(Namespace ns) {
        return dataplane(DataplaneNamespaces.tools(ns));
    }

    private static Optional<DesiredState> desired(PolicySet set) {
        try {
            return Optional.of(RENDERER.desired(HostwallCompiler.create(CompileOptions.defaults())
                    .compile(set, "node1", FACTS).ruleset()));
        } catch (CompileException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static PolicySet draw(Random random) {
        return SETS.generator(1000).next(random).value();
    }

    /** The next state: one resource removed, or one added or replaced by a generated one; must compile and differ. */
    private static Map<ResourceRef, Resource> change(Map<ResourceRef, Resource> cur, DesiredState now, Random r,
            List<DesiredState> out) {
        for (int attempt = 0; attempt < 40; attempt++) {
            Map<ResourceRef, Resource> next = new LinkedHashMap<>(cur);
            if (r.nextInt(3) == 0 && !next.isEmpty()) {
                List<ResourceRef> refs = new ArrayList<>(next.keySet());
                next.remove(refs.get(r.nextInt(refs.size())));
            } else {
                List<Resource> donor = draw(r).all();
                if (donor.isEmpty()) {
                    continue;
                }
                Resource res = donor.get(r.nextInt(donor.size()));
                next.put(res.ref(), res);
            }
            Optional<DesiredState> d;
            try {
                d = desired(PolicySet.of(next.values()));
            } catch (RuntimeException e) {
                continue;
            }
            if (d.isPresent() && !d.get().equals(now)) {
                out.add(d.get());
                return next;
            }
        }
        out.add(now);
        return cur;
    }

    /** Every desired object is in the kernel with its size, and nothing else of hostwall's is. */
    private static void assertObserved(DesiredState want, ObservedState got, String when) {
        assertEquals(want.objects().keySet(), got.objects().keySet(), when);
        want.objects().forEach((id, o) -> assertEquals(o.size(), got.objects().get(id).size(), when + ": " + id));
    }

    /** (a) Random sequences of changes, each applied as a delta, end where one full apply of the last state ends. */
    @Property(tries = SEQUENCES, seed = SEED, shrinking = ShrinkingMode.OFF)
    void deltasEndWhereAFreshFullApplyEnds(@ForAll Random random) {
        DataplaneNamespaces.reset(a);
        DataplaneNamespaces.reset(b);
        Dataplane dpA = dataplane(a);
        Map<ResourceRef, Resource> cur = new LinkedHashMap<>();
        DesiredState now = DesiredState.empty();
        int edits = 0;
        List<DesiredState> states = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            cur = change(cur, now, random, states);
            DesiredState next = states.get(states.size() - 1);
            Delta delta = Delta.between(now, next);
            try {
                dpA.apply(delta);
            } catch (DataplaneException e) {
                throw new AssertionError("change " + (i + 1) + " refused: " + e.getMessage() + "\n"
                        + dpA.transaction(delta), e);
            }
            deltasApplied++;
            now = next;
            assertObserved(now, dpA.read(), "after change " + (i + 1));
            // Then some chains edited in place: rules deleted, copied, moved (and the next change edits back).
            DesiredState edited = ChainEdits.edit(now, random);
            Delta edit = Delta.between(now, edited);
            edits += ChainEdits.edits(edit);
            try {
                dpA.apply(edit);
            } catch (DataplaneException e) {
                throw new AssertionError("edit after change " + (i + 1) + " refused: " + e.getMessage() + "\n"
                        + dpA.transaction(edit), e);
            }
            now = edited;
            states.add(now);
            assertObserved(now, dpA.read(), "after the edit after change " + (i + 1));
        }
        editsApplied += edits;
        // The proof covers the in-place edits, or says so.
        assertTrue(edits > 0, "no in-place edit in this sequence");
        dataplane(b).apply(Delta.replaceAll(now));
        assertEquals(DataplaneNamespaces.normalised(b), DataplaneNamespaces.normalised(a),
                "the kernel after " + CHANGES + " deltas differs from a fresh full apply of the last state");
    }

    // --- hand-made rulesets for the fixed scenarios ---

    /** ICMP to this node is accepted from the peers' set and dropped otherwise; the raw tables are touched too. */
    static Ruleset icmpFrom(boolean v2, String... peers) {
        var r = ruleset("node1")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-pol")))
                .base("hw-raw-prerouting", TableKind.RAW, Hook.PREROUTING, v2 ? rule(ret(), proto(17)) : rule(ret()))
                .chain("hw-pol", rule(accept(), srcSet("hw4n-peers", V4)), rule(accept(), srcSet("hw6n-peers", V6)),
                        rule(drop(), family(V4), proto(1)))
                .set(netSet("hw4n-peers", V4, peers))
                .set(netSet("hw6n-peers", V6, "fd00:99::/64"));
        if (v2) {
            r.base("hw-filter-output", TableKind.FILTER, Hook.OUTPUT, rule(jump("hw-out")))
                    .chain("hw-out", rule(ret(), proto(6)))
                    .set(netSet("hw4n-extra", V4, "10.98.0.0/16"));
        }
        return r.build();
    }

    static final Ruleset R1 = icmpFrom(false, "10.99.0.2/32", "10.99.5.0/24");
    static final Ruleset R2 = icmpFrom(true, "10.99.5.0/24", "10.99.6.0/24");

    /** Wires {@code a} to a fresh peer namespace (10.99.0.1 and 10.99.0.2) and returns the peer. */
    private static Namespace peerOf(Namespace ns) {
        Namespace p = namespaces.create("dpp" + Integer.toString(ns.name.hashCode() & 0xfff, 36));
        ns.ok("ip", "link", "add", "vdp0", "type", "veth", "peer", "name", "vdp1", "netns", p.name);
        ns.ok("ip", "addr", "add", "10.99.0.1/24", "dev", "vdp0");
        ns.ok("ip", "link", "set", "vdp0", "up");
        p.ok("ip", "addr", "add", "10.99.0.2/24", "dev", "vdp1");
        p.ok("ip", "link", "set", "vdp1", "up");
        return p;
    }

    private static boolean pings(Namespace from, String to) {
        return from.exec("ping", "-c", "1", "-W", "1", to).ok();
    }

    /** (b) A refused table: the tables and sets written before it are put back; saves and packets say so. */
    @Example
    void aRefusedTransactionLeavesThePreviousRuleset() {
        DataplaneNamespaces.reset(a);
        Namespace peer = peerOf(a);
        try {
            Dataplane dp = dataplane(a);
            DesiredState s1 = dp.desired(R1);
            DesiredState s2 = dp.desired(R2);
            dp.apply(Delta.between(DesiredState.empty(), s1));
            assertTrue(pings(peer, "10.99.0.1"), "R1 lets the peer ping");
            String before = DataplaneNamespaces.normalised(a);
            ToolRunner real = DataplaneNamespaces.tools(a);
            // The last table of the delta (ip6 filter) is corrupted: ipset, ip raw, ip filter and ip6 raw are in
            // by then, and must all be put back.
            ToolRunner corrupting = (command, stdin) -> real.run(command,
                    command.get(0).equals("ip6tables-restore") && command.contains("--noflush")
                            && stdin.startsWith("*filter")
                            ? stdin.replace("COMMIT\n", "-A hw-no-such-chain -j ACCEPT\nCOMMIT\n") : stdin);
            Dataplane failing = dataplane(corrupting);
            Delta delta = Delta.between(s1, s2);
            DataplaneException e = assertThrows(DataplaneException.class, () -> failing.apply(delta));
            assertTrue(e.getMessage().contains("ip6tables-restore") && e.getMessage().contains("line"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertEquals(before, DataplaneNamespaces.normalised(a), "the kernel after a refused apply");
            assertTrue(pings(peer, "10.99.0.1"), "the previous ruleset still lets the peer ping");
            // Control: the same delta, not corrupted, does stop the ping (the check above can see a change).
            dp.apply(delta);
            assertFalse(pings(peer, "10.99.0.1"), "R2 drops the peer's ping");
            assertObserved(s2, dp.read(), "after R2");
        } finally {
            peer.delete();
        }
    }

    /** Docker-like and kube-proxy-like state, in filter and nat, both families. */
    private static void foreignState(Namespace ns) {
        for (String t : List.of("iptables", "ip6tables")) {
            String dst = t.equals("iptables") ? "172.17.0.2/32" : "fd17::2/128";
            for (String[] c : List.of(
                    new String[] {"-N", "DOCKER"}, new String[] {"-N", "DOCKER-USER"},
                    new String[] {"-A", "DOCKER-USER", "-s", dst, "-j", "DROP"},
                    new String[] {"-A", "DOCKER-USER", "-j", "RETURN"},
                    new String[] {"-A", "DOCKER", "-d", dst, "!", "-i", "docker0", "-o", "docker0", "-p", "tcp",
                        "--dport", "80", "-j", "ACCEPT"},
                    new String[] {"-A", "FORWARD", "-j", "DOCKER-USER"},
                    new String[] {"-A", "FORWARD", "-o", "docker0", "-j", "DOCKER"},
                    new String[] {"-N", "KUBE-SERVICES"},
                    new String[] {"-A", "INPUT", "-m", "conntrack", "--ctstate", "NEW", "-m", "comment", "--comment",
                        "kubernetes service portals", "-j", "KUBE-SERVICES"},
                    new String[] {"-A", "KUBE-SERVICES", "-d", dst, "-p", "udp", "--dport", "53", "-j", "REJECT"},
                    new String[] {"-t", "nat", "-N", "DOCKER"},
                    new String[] {"-t", "nat", "-A", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j",
                        "DOCKER"},
                    new String[] {"-t", "nat", "-A", "DOCKER", "-i", "docker0", "-j", "RETURN"},
                    new String[] {"-t", "nat", "-N", "KUBE-SERVICES"},
                    new String[] {"-t", "nat", "-A", "PREROUTING", "-m", "comment", "--comment",
                        "kubernetes service portals", "-j", "KUBE-SERVICES"},
                    new String[] {"-t", "nat", "-A", "KUBE-SERVICES", "-d", dst, "-p", "tcp", "--dport", "443", "-j",
                        "DNAT", "--to-destination", t.equals("iptables") ? "172.17.0.3:6443" : "[fd17::3]:6443"})) {
                List<String> cmd = new ArrayList<>(List.of(t, "-w"));
                cmd.addAll(List.of(c));
                a.ok(cmd.toArray(String[]::new));
            }
        }
        a.ok("ipset", "create", "KUBE-CLUSTER-IP", "hash:ip,port", "family", "inet");
        a.ok("ipset", "add", "KUBE-CLUSTER-IP", "10.96.0.1,tcp:443");
        a.ok("iptables", "-w", "-A", "KUBE-SERVICES", "-m", "set", "--match-set", "KUBE-CLUSTER-IP", "dst,dst",
                "-j", "ACCEPT");
    }

    /** Every line that is not hostwall's, in order: its hooks and hw- chains left out, counters removed. */
    private static String foreign(Namespace ns) {
        StringBuilder b = new StringBuilder();
        for (String tool : List.of("iptables-save", "ip6tables-save")) {
            for (String line : ns.ok(tool).split("\n")) {
                if (!line.startsWith("#") && !line.contains("hostwall:hook") && !line.startsWith(":hw-")
                        && !line.startsWith("-A hw-")) {
                    b.append(line.replaceAll("\\[\\d+:\\d+]", "[0:0]")).append('\n');
                }
            }
        }
        for (String line : ns.ok("ipset", "save").split("\n")) {
            if (!line.matches("(create|add) hw.*")) {
                b.append(line).append('\n');
            }
        }
        return b.toString().replaceAll("(?m)^\\*(raw|mangle)\n(:[A-Z]+ ACCEPT \\[0:0]\n)*COMMIT\n", "");
    }

    /** (c) Docker's and kube-proxy's chains and set are the same after apply, delta, full apply and remove. */
    @Example
    void otherProgramsChainsAreNeverTouched() {
        DataplaneNamespaces.reset(a);
        foreignState(a);
        String before = foreign(a);
        assertTrue(before.contains("-A DOCKER-USER -s 172.17.0.2/32 -j DROP"), before);
        Dataplane dp = dataplane(a);
        DesiredState s1 = dp.desired(R1);
        DesiredState s2 = dp.desired(R2);
        dp.apply(Delta.between(DesiredState.empty(), s1));
        assertEquals(before, foreign(a), "after the first apply");
        dp.apply(Delta.between(s1, s2));
        assertEquals(before, foreign(a), "after a delta");
        dp.apply(Delta.replaceAll(s1));
        assertEquals(before, foreign(a), "after a full apply");
        assertObserved(s1, dp.read(), "after the full apply");
        dp.apply(Delta.replaceAll(s1));
        assertObserved(s1, dp.read(), "after the full apply again (no duplicated hooks)");
        dp.remove();
        assertEquals(before, foreign(a), "after remove");
        String all = a.ok("iptables-save") + a.ok("ip6tables-save") + a.ok("ipset", "save");
        assertFalse(all.contains("hw-") || all.contains("hostwall") || all.contains("hw4n") || all.contains("hw6n"), all);
        assertFalse(dataplane(a).read().present());
    }

    /** (d) Drift injected with the real tools is found by read() and repaired by Delta.repair. */
    @Example
    void driftIsFoundAndRepaired() {
        DataplaneNamespaces.reset(a);
        Dataplane dp = dataplane(a);
        DesiredState s = dp.desired(R2);
        dp.apply(Delta.replaceAll(s));
        String good = DataplaneNamespaces.normalised(a);
        ObservedState learned = dp.read();
        assertObserved(s, learned, "after the apply");

        a.ok("iptables", "-w", "-F", "hw-pol");                                   // flushed own chain
        a.ok("ip6tables", "-w", "-I", "hw-out", "1", "-j", "ACCEPT");             // foreign rule in an own chain
        a.ok("iptables", "-w", "-D", "INPUT", "-m", "comment", "--comment", "hostwall:hook", "-j", "hw-filter-input");
        a.ok("ip6tables", "-w", "-t", "raw", "-I", "PREROUTING", "1", "-m", "comment", "--comment", "hostwall:hook",
                "-j", "hw-raw-prerouting");                                       // duplicated hook
        a.ok("ipset", "flush", "hw4n-peers");                                     // flushed set

        ObservedState now = dp.read();
        Set<ObjectId> drifted = new TreeSet<>();
        Set<ObjectId> missing = new TreeSet<>();
        for (DesiredObject o : s.objects().values()) {
            ObservedState.Observed got = now.objects().get(o.id());
            if (got == null) {
                missing.add(o.id());
            } else if (got.size() != o.size()
                    || !got.fingerprint().equals(learned.objects().get(o.id()).fingerprint())) {
                drifted.add(o.id());
            }
        }
        assertEquals(Set.of(ObjectId.hooks("ip filter", "INPUT")), missing);
        assertEquals(new TreeSet<>(List.of(ObjectId.chain("ip filter", "hw-pol"), ObjectId.chain("ip6 filter", "hw-out"),
                ObjectId.hooks("ip6 raw", "PREROUTING"), ObjectId.set("ipset", "hw4n-peers"))), drifted);
        assertEquals(2, now.objects().get(ObjectId.hooks("ip6 raw", "PREROUTING")).size());

        Delta repair = Delta.repair(s, now, drifted);
        dp.apply(repair);
        assertEquals(good, DataplaneNamespaces.normalised(a), "after the repair:\n" + dp.transaction(repair));
        ObservedState again = dp.read();
        assertEquals(learned, again, "the repaired kernel lists every object as it did before the drift");
        assertTrue(Delta.repair(s, again, Set.of()).isEmpty());
    }

    /** A set whose declaration changes (same type) is swapped in under the rules that use it; no rule is lost. */
    @Example
    void aSetWhoseDeclarationChangesIsSwappedIn() {
        DataplaneNamespaces.reset(a);
        Dataplane dp = dataplane(a);
        DesiredState s = dp.desired(R1);
        dp.apply(Delta.between(DesiredState.empty(), s));
        ObjectId id = ObjectId.set("ipset", "hw4n-peers");
        DesiredObject.Set old = (DesiredObject.Set) s.objects().get(id);
        DesiredObject.Set bigger = new DesiredObject.Set(id, old.declaration().replace("maxelem 1048576",
                "maxelem 2000000"), ImmutableSortedSet.of("10.99.7.0/24"));
        Map<ObjectId, DesiredObject> m = new LinkedHashMap<>(s.objects());
        m.put(id, bigger);
        DesiredState s2 = DesiredState.of(m.values());
        Delta delta = Delta.between(s, s2);
        assertTrue(delta.ops().stream().anyMatch(op -> op instanceof io.hostwall.dataplane.DeltaOp.ReplaceSet));
        dp.apply(delta);
        String save = a.ok("ipset", "save", "hw4n-peers");
        assertTrue(save.contains("maxelem 2000000") && save.contains("add hw4n-peers 10.99.7.0/24"), save);
        assertFalse(a.ok("ipset", "list", "-n").contains(":t"), "no temporary set left");
        assertObserved(s2, dp.read(), "after the swap");
        // A real type change cannot be swapped by the kernel: refused before anything is written.
        DesiredObject.Set other = new DesiredObject.Set(id, "hash:ip,port family inet", ImmutableSortedSet.of());
        m.put(id, other);
        String kernel = DataplaneNamespaces.normalised(a);
        DataplaneException e = assertThrows(DataplaneException.class,
                () -> dp.apply(Delta.between(s2, DesiredState.of(m.values()))));
        assertTrue(e.getMessage().contains("new name"), e.getMessage());
        assertEquals(kernel, DataplaneNamespaces.normalised(a));
    }
}
