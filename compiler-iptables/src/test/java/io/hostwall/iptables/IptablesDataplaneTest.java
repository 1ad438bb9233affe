package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link IptablesDataplane} without a kernel: its objects, the text of each step, rollback and reading. */
class IptablesDataplaneTest {
    private static final String HOOK = "-m comment --comment \"hostwall:hook\" -j ";

    private static IptablesDataplane dataplane(FakeTools tools) {
        return (IptablesDataplane) new IptablesBackend().dataplane(RenderOptions.defaults(), tools).orElseThrow();
    }

    /** Rules of own chains as the full document carries them: "-A CHAIN rest" by chain, per document. */
    private static Map<String, List<String>> documentRules(String doc, String table) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : doc.split("\n")) {
            if (line.startsWith("*")) {
                in = line.equals("*" + table);
            } else if (in && line.startsWith("-A ")) {
                String[] w = line.split(" ", 3);
                out.computeIfAbsent(w[1], k -> new ArrayList<>()).add(w[2]);
            }
        }
        return out;
    }

    @Test
    void desiredIsTheRenderedDocumentsChainByChain() {
        DesiredState d = dataplane(new FakeTools()).desired(Samples.rich());
        var docs = new IptablesBackend().render(Samples.rich(), RenderOptions.defaults()).documents();
        for (String table : List.of("raw", "mangle", "filter")) {
            for (var fam : List.of(DocumentKind.IPTABLES, DocumentKind.IP6TABLES)) {
                String scope = (fam == DocumentKind.IPTABLES ? "ip " : "ip6 ") + table;
                Map<String, List<String>> rendered = documentRules(docs.get(fam), table);
                Map<String, List<String>> fromState = new LinkedHashMap<>();
                d.objects().values().stream().filter(o -> o.id().scope().equals(scope)).forEach(o -> {
                    if (o instanceof DesiredObject.Chain c) {
                        fromState.put(c.id().name(), c.rules());
                    } else if (o instanceof DesiredObject.Hooks h) {
                        fromState.put(h.id().name(), h.rules());
                    }
                });
                assertEquals(rendered.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                        fromState.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), scope);
            }
        }
        DesiredObject input = d.objects().get(ObjectId.hooks("ip filter", "INPUT"));
        assertEquals(List.of(HOOK + "hw-filter-input"), ((DesiredObject.Hooks) input).rules());
        assertEquals(ImmutableSortedSet.of(ObjectId.chain("ip filter", "hw-filter-input")), input.uses());
        DesiredObject.Set clients = (DesiredObject.Set) d.objects().get(ObjectId.set("ipset", "hw4n-clients"));
        assertTrue(clients.declaration().startsWith("hash:net family inet maxelem 1048576 initval 0x"),
                clients.declaration());
        assertEquals(ImmutableSortedSet.of("10.240.0.21/32", "10.240.0.22/32", "192.168.0.0/16"), clients.elements());
        assertTrue(docs.get(DocumentKind.IPSET).contains(clients.declaration() + " -exist"));
    }

    @Test
    void chainsUseTheirJumpTargetsAndSets() {
        DesiredState d = dataplane(new FakeTools()).desired(Samples.rich());
        DesiredObject policy = d.objects().values().stream()
                .filter(o -> o.id().scope().equals("ip filter") && o.id().name().equals(ChainNames.of(Samples.LONG_POLICY)))
                .findFirst().orElseThrow();
        assertTrue(policy.uses().contains(ObjectId.set("ipset", "hw4n-clients")), policy.uses().toString());
        DesiredObject fh = d.objects().get(ObjectId.chain("ip filter", "hw-fh-eth0"));
        assertTrue(fh.uses().contains(ObjectId.chain("ip filter", "hw-failsafe-in")), fh.uses().toString());
        assertTrue(fh.uses().contains(policy.id()));
        assertFalse(fh.uses().stream().anyMatch(u -> u.name().equals("ACCEPT") || u.name().equals("DROP")));
    }

    @Test
    void desiredAndTransactionsAreDeterministic() {
        IptablesDataplane dp = dataplane(new FakeTools());
        DesiredState a = dp.desired(Samples.rich());
        DesiredState b = dataplane(new FakeTools()).desired(Samples.rich());
        assertEquals(a, b);
        Delta fresh = Delta.between(DesiredState.empty(), a);
        assertEquals(dp.transaction(fresh), dp.transaction(Delta.between(DesiredState.empty(), b)));
        assertEquals(dp.transaction(Delta.replaceAll(a)), dp.transaction(Delta.replaceAll(b)));
    }

    // --- one step at a time, on a tiny state ---

    private static final ObjectId S = ObjectId.set("ipset", "hw4n-a");
    private static final ObjectId C = ObjectId.chain("ip filter", "hw-c");
    private static final ObjectId C6 = ObjectId.chain("ip6 raw", "hw-r");
    private static final ObjectId IN = ObjectId.hooks("ip filter", "INPUT");

    private static DesiredObject.Set set(String decl, String... elements) {
        return new DesiredObject.Set(S, decl, ImmutableSortedSet.copyOf(elements));
    }

    private static DesiredObject.Chain chain(ObjectId id, String... rules) {
        return new DesiredObject.Chain(id, "", ImmutableList.copyOf(rules), ImmutableSortedSet.of());
    }

    private static DesiredObject.Hooks hooks(String... targets) {
        return new DesiredObject.Hooks(IN, java.util.Arrays.stream(targets).map(t -> HOOK + t)
                .collect(ImmutableList.toImmutableList()), ImmutableSortedSet.of(C));
    }

    private static String text(Delta delta) {
        return dataplane(new FakeTools()).transaction(delta);
    }

    @Test
    void aNewStateIsSetsThenTablesWithHooksOnTop() {
        DesiredState to = DesiredState.of(List.of(set("hash:net family inet", "10.0.0.0/8", "10.1.0.1"),
                chain(C, "-m set --match-set hw4n-a src -j ACCEPT"), chain(C6, "-j NOTRACK"), hooks("hw-c")));
        assertEquals("""
                # ipset restore
                create hw4n-a hash:net family inet
                add hw4n-a 10.0.0.0/8
                add hw4n-a 10.1.0.1
                # iptables-restore --noflush --wait
                *filter
                :hw-c - [0:0]
                -A hw-c -m set --match-set hw4n-a src -j ACCEPT
                -I INPUT 1 -m comment --comment "hostwall:hook" -j hw-c
                COMMIT
                # ip6tables-restore --noflush --wait
                *raw
                :hw-r - [0:0]
                -A hw-r -j NOTRACK
                COMMIT
                """, text(Delta.between(DesiredState.empty(), to)));
    }

    @Test
    void elementChangesDeleteFirstAndAChangedChainIsFlushedAndRefilled() {
        DesiredState from = DesiredState.of(List.of(set("hash:net family inet", "10.0.0.0/8", "10.1.0.1"),
                chain(C, "-j ACCEPT")));
        DesiredState to = DesiredState.of(List.of(set("hash:net family inet", "10.0.0.0/8", "10.2.0.2"),
                chain(C, "-j DROP")));
        assertEquals("""
                # ipset restore
                del hw4n-a 10.1.0.1
                add hw4n-a 10.2.0.2
                # iptables-restore --noflush --wait
                *filter
                -F hw-c
                -A hw-c -j DROP
                COMMIT
                """, text(Delta.between(from, to)));
    }

    @Test
    void aSetWhoseTypeChangesIsFilledAsideAndSwappedIn() {
        DesiredState from = DesiredState.of(List.of(set("hash:net family inet", "10.0.0.0/8")));
        DesiredState to = DesiredState.of(List.of(set("hash:net family inet maxelem 2000000", "10.0.0.0/8")));
        assertEquals("""
                # ipset restore
                create hw4n-a:t hash:net family inet maxelem 2000000 -exist
                flush hw4n-a:t
                add hw4n-a:t 10.0.0.0/8
                swap hw4n-a:t hw4n-a
                destroy hw4n-a:t
                """, text(Delta.between(from, to)));
    }

    @Test
    void removalsUnhookThenDeleteChainsThenDestroySets() {
        DesiredState from = DesiredState.of(List.of(set("hash:net family inet", "10.0.0.0/8"),
                chain(C, "-m set --match-set hw4n-a src -j ACCEPT"), hooks("hw-c")));
        // A dry run shows the hook removal against an empty chain: nothing to delete there.
        assertEquals("""
                # iptables-restore --noflush --wait
                *filter
                -F hw-c
                -X hw-c
                COMMIT
                # ipset restore
                destroy hw4n-a
                """, text(Delta.between(from, DesiredState.empty())));
    }

    @Test
    void hooksAreReconciledAgainstTheLiveChain() {
        // Live: a duplicate own hook, a stale own hook, a foreign rule; desired: hw-c and hw-d, in that order.
        String save = """
                *filter
                :INPUT ACCEPT [0:0]
                :hw-c - [0:0]
                :hw-old - [0:0]
                -A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT
                -A INPUT -m comment --comment "hostwall:hook" -j hw-c
                -A INPUT -m comment --comment "hostwall:hook" -j hw-old
                -A INPUT -m comment --comment "hostwall:hook" -j hw-c
                COMMIT
                """;
        FakeTools tools = new FakeTools().answer("iptables-save -t filter", save);
        dataplane(tools).apply(new Delta(ImmutableList.of(new DeltaOp.SyncHooks(hooks("hw-c", "hw-d")))));
        assertEquals(List.of("""
                iptables-restore --noflush --wait
                *filter
                -D INPUT -m comment --comment "hostwall:hook" -j hw-old
                -D INPUT -m comment --comment "hostwall:hook" -j hw-c
                -I INPUT 1 -m comment --comment "hostwall:hook" -j hw-d
                COMMIT
                """), tools.writes());
        FakeTools again = new FakeTools().answer("iptables-save -t filter", save);
        dataplane(again).apply(new Delta(ImmutableList.of(new DeltaOp.RemoveHooks(IN))));
        assertEquals(List.of("""
                iptables-restore --noflush --wait
                *filter
                -D INPUT -m comment --comment "hostwall:hook" -j hw-c
                -D INPUT -m comment --comment "hostwall:hook" -j hw-old
                -D INPUT -m comment --comment "hostwall:hook" -j hw-c
                COMMIT
                """), again.writes());
    }

    @Test
    void aRefusedTableRollsBackTheTablesAndSetsWrittenBeforeIt() {
        String filter4 = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j FOREIGN4\nCOMMIT\n";
        FakeTools tools = new FakeTools().answer("iptables-save -t filter", filter4)
                .answer("ipset save hw4n-a", "create hw4n-a hash:net family inet hashsize 1024 maxelem 65536\n"
                        + "add hw4n-a 10.9.0.0/16\n")
                .answer("ipset list -n", "hw4n-a\n")
                .refuse(c -> c.command().startsWith("ip6tables-restore --noflush"));
        DesiredState from = DesiredState.of(List.of(set("hash:net family inet", "10.9.0.0/16")));
        DesiredState to = DesiredState.of(List.of(set("hash:net family inet", "10.8.0.0/16"),
                chain(C, "-j ACCEPT"), chain(C6, "-j NOTRACK")));
        DataplaneException e = assertThrows(DataplaneException.class, () -> dataplane(tools).apply(Delta.between(from, to)));
        assertTrue(e.getMessage().contains("iptables-restore: line 2 failed"), e.getMessage());
        assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        List<String> writes = tools.writes();
        assertEquals(5, writes.size(), String.join("\n", writes));
        assertEquals("ipset restore\ndel hw4n-a 10.9.0.0/16\nadd hw4n-a 10.8.0.0/16\n", writes.get(0));
        assertTrue(writes.get(1).startsWith("iptables-restore --noflush --wait\n*filter\n:hw-c"));
        assertTrue(writes.get(2).startsWith("ip6tables-restore --noflush --wait\n*raw\n"));
        // Rollback: the set's old members swapped in, then the filter table's touched chain put back as it was
        // before (it did not exist: flushed and deleted). No hook was touched, so only that chain was listed.
        assertTrue(writes.get(3).startsWith("ipset restore\ncreate hw4n-a:t hash:net family inet hashsize 1024 "
                + "maxelem 65536 -exist\n"), writes.get(3));
        assertTrue(writes.get(3).contains("add hw4n-a:t 10.9.0.0/16\nswap hw4n-a:t hw4n-a\n"), writes.get(3));
        assertEquals("iptables-restore --noflush --wait\n*filter\n-F hw-c\n-X hw-c\nCOMMIT\n", writes.get(4));
        assertTrue(tools.calls.stream().noneMatch(c -> c.command().startsWith("iptables-save")),
                "a delta without hook steps lists its chains, not the whole table");
    }

    @Test
    void aRefusedTableRefillsTheTouchedChainsThatExistedWithTheirRules() {
        FakeTools tools = new FakeTools()
                .answer("iptables --wait -t filter -S hw-c", "-N hw-c\n-A hw-c -s 10.0.0.1/32 -j ACCEPT\n")
                .refuse(c -> c.command().startsWith("ip6tables-restore --noflush"));
        DesiredState from = DesiredState.of(List.of(chain(C, "-s 10.0.0.1/32 -j ACCEPT")));
        DesiredState to = DesiredState.of(List.of(chain(C, "-s 10.0.0.2/32 -j ACCEPT"), chain(C6, "-j NOTRACK")));
        assertThrows(DataplaneException.class, () -> dataplane(tools).apply(Delta.between(from, to)));
        List<String> writes = tools.writes();
        assertEquals("iptables-restore --noflush --wait\n*filter\n:hw-c - [0:0]\n-F hw-c\n"
                + "-A hw-c -s 10.0.0.1/32 -j ACCEPT\nCOMMIT\n", writes.get(writes.size() - 1));
    }

    @Test
    void aDeltaWithHookStepsSavesTheWholeTable() {
        FakeTools tools = new FakeTools().answer("iptables-save -t filter", "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
        DesiredState to = DesiredState.of(List.of(chain(C, "-j ACCEPT"),
                new DesiredObject.Hooks(ObjectId.hooks("ip filter", "INPUT"), ImmutableList.of(HOOK + "hw-c"),
                        ImmutableSortedSet.of(C))));
        dataplane(tools).apply(Delta.between(DesiredState.of(List.of()), to));
        assertTrue(tools.calls.stream().anyMatch(c -> c.command().equals("iptables-save -t filter")));
        assertTrue(tools.calls.stream().noneMatch(c -> c.command().contains(" -S ")));
    }

    @Test
    void readFindsOwnHooksWithDuplicatesTheirChainsAndSets() {
        String save = """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :DOCKER - [0:0]
                :hw-filter-input - [0:0]
                :hw-pol - [0:0]
                -A INPUT -m comment --comment "hostwall:hook" -j hw-filter-input
                -A INPUT -m comment --comment "hostwall:hook" -j hw-filter-input
                -A FORWARD -j DOCKER
                -A DOCKER -j ACCEPT
                -A hw-filter-input -j hw-pol
                -A hw-pol -m set --match-set hw4n-a src -j ACCEPT
                -A hw-pol -j DROP
                COMMIT
                """;
        FakeTools tools = new FakeTools().answer("iptables-save", save)
                .answer("ipset save", "create hw4n-a hash:net family inet hashsize 1024 maxelem 65536\n"
                        + "add hw4n-a 10.0.0.0/8\nadd hw4n-a 10.1.0.0/16\ncreate other hash:ip family inet\n");
        ObservedState o = dataplane(tools).read();
        assertTrue(o.present());
        assertEquals(List.of(ObjectId.set("ipset", "hw4n-a"), ObjectId.chain("ip filter", "hw-filter-input"),
                ObjectId.chain("ip filter", "hw-pol"), IN), List.copyOf(o.objects().keySet()));
        assertEquals(2, o.objects().get(IN).size());
        assertEquals(2, o.objects().get(ObjectId.chain("ip filter", "hw-pol")).size());
        assertEquals(2, o.objects().get(S).size());
        assertEquals(64, o.objects().get(S).fingerprint().length());
        assertFalse(dataplane(new FakeTools()).read().present());
    }

    @Test
    void theFingerprintFollowsTheListingNotTheCounters() {
        String a = "*filter\n:INPUT ACCEPT [5:300]\n:hw-x - [0:0]\n-A INPUT -m comment --comment \"hostwall:hook\" -j hw-x\n"
                + "-A hw-x -j ACCEPT\nCOMMIT\n";
        String b = a.replace("[5:300]", "[9:900]");
        String c = a.replace("-A hw-x -j ACCEPT", "-A hw-x -j DROP");
        ObjectId x = ObjectId.chain("ip filter", "hw-x");
        String fa = dataplane(new FakeTools().answer("iptables-save", a)).read().objects().get(x).fingerprint();
        assertEquals(fa, dataplane(new FakeTools().answer("iptables-save", b)).read().objects().get(x).fingerprint());
        assertFalse(fa.equals(dataplane(new FakeTools().answer("iptables-save", c)).read().objects().get(x).fingerprint()));
    }

    @Test
    void removeDeletesOwnHooksChainsAndSetsOnly() {
        String save = """
                *filter
                :INPUT ACCEPT [0:0]
                :DOCKER - [0:0]
                :hw-filter-input - [0:0]
                -A INPUT -j DOCKER
                -A INPUT -m comment --comment "hostwall:hook" -j hw-filter-input
                -A hw-filter-input -m set --match-set hw4n-a src -j ACCEPT
                COMMIT
                """;
        FakeTools tools = new FakeTools().answer("iptables-save -t filter", save)
                .answer("ipset save hw4n-a", "create hw4n-a hash:net family inet\n");
        dataplane(tools).remove();
        assertEquals(List.of("""
                iptables-restore --noflush --wait
                *filter
                -D INPUT -m comment --comment "hostwall:hook" -j hw-filter-input
                -F hw-filter-input
                -X hw-filter-input
                COMMIT
                """, "ipset restore\ndestroy hw4n-a\n"), tools.writes());
    }
}
