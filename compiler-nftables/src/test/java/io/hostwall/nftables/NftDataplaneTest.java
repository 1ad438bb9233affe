package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.accept;
import static io.hostwall.ir.testing.IrFixtures.ct;
import static io.hostwall.ir.testing.IrFixtures.dispatch;
import static io.hostwall.ir.testing.IrFixtures.dportRanges;
import static io.hostwall.ir.testing.IrFixtures.drop;
import static io.hostwall.ir.testing.IrFixtures.icmp;
import static io.hostwall.ir.testing.IrFixtures.jump;
import static io.hostwall.ir.testing.IrFixtures.markSet;
import static io.hostwall.ir.testing.IrFixtures.proto;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static io.hostwall.ir.testing.IrFixtures.setMark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.dataplane.ApplyResult;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The nftables dataplane without a kernel: its objects, its transaction text, and how it reads a listing. */
class NftDataplaneTest {
    private static final String SCOPE = "inet hostwall";
    private static final String PORTS = NftNames.hashed("ports", "22,80,443,8000-8080,9090");
    private static final String IFMAP = NftNames.hashed("ifmap", "\"eth0\" : goto hw-fh-eth0,\"eth1\" : goto hw-fh-eth1");

    /** Records every command and answers with {@code answer}. */
    private static final class Recorder implements ToolRunner {
        final List<List<String>> commands = new ArrayList<>();
        final List<String> inputs = new ArrayList<>();
        Result answer = new Result(0, "", "");

        @Override
        public Result run(List<String> command, String stdin) {
            commands.add(command);
            inputs.add(stdin);
            return answer;
        }
    }

    /**
     * {@link Samples#small()} with five port ranges (short port lists may be spelled without a named set), so the
     * expected texts below show a set, a map and the rules that use them.
     */
    static Ruleset small() {
        int accept = Samples.ACCEPT;
        return IrFixtures.ruleset("node1")
                .set(IrFixtures.netSet("hw4n-admins", IpFamily.V4, "10.0.0.0/8", "192.168.1.0/24"))
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(accept(), ct(false, CtState.ESTABLISHED, CtState.RELATED)).withNote("conntrack"),
                        rule(drop(), ct(false, CtState.INVALID)),
                        rule(dispatch(InterfaceDirection.IN, "eth0", "hw-fh-eth0", "eth1", "hw-fh-eth1")))
                .base("hw-filter-output", TableKind.FILTER, Hook.OUTPUT,
                        rule(new IrAction.Return(), new Match.Interface(InterfaceDirection.OUT, "cali", true, false))
                                .withNote("workload interfaces are not host endpoints"),
                        rule(dispatch(InterfaceDirection.OUT, "eth0", "hw-th-eth0")))
                .chain("hw-fh-eth1", rule(drop()).withNote("default deny"))
                .chain("hw-fh-eth0",
                        rule(setMark(0, accept | IrFixtures.MARKS.pass())),
                        rule(jump("hw-pi-allow-ssh")),
                        rule(new IrAction.Return(), markSet(accept)),
                        rule(drop()).withNote("default deny"))
                .chain("hw-pi-allow-ssh",
                        rule(setMark(accept, accept), proto(6),
                                new Match.AddressSet(Side.SOURCE, "hw4n-admins", IpFamily.V4, false),
                                dportRanges(6, false, PortRange.single(22), PortRange.single(80),
                                        PortRange.single(443), new PortRange(8000, 8080), PortRange.single(9090)))
                                .withNote("GlobalNetworkPolicy allow-ssh ingress rule 0"),
                        rule(setMark(accept, accept), proto(1), icmp(IpFamily.V4, 8, null, false))
                                .withNote("GlobalNetworkPolicy allow-ssh ingress rule 1"))
                .chain("hw-th-eth0", rule(accept()))
                .build();
    }

    private static Dataplane dataplane(ToolRunner tools) {
        return new NftablesBackend().dataplane(RenderOptions.defaults(), tools).orElseThrow();
    }

    private static ObjectId chain(String name) {
        return ObjectId.chain(SCOPE, name);
    }

    private static ObjectId set(String name) {
        return ObjectId.set(SCOPE, name);
    }

    @Test
    void desiredStateOfTheSmallRulesetIsTheScriptsTable() {
        DesiredState s = dataplane(new Recorder()).desired(small());
        assertEquals(List.of(set("hw4n-admins"), set(IFMAP), set(PORTS), chain("hw-fh-eth0"), chain("hw-fh-eth1"),
                chain("hw-filter-input"), chain("hw-filter-output"), chain("hw-pi-allow-ssh"), chain("hw-th-eth0")),
                List.copyOf(s.objects().keySet()));
        assertEquals(new DesiredObject.Set(set("hw4n-admins"), "type ipv4_addr; flags interval;",
                ImmutableSortedSet.of("10.0.0.0/8", "192.168.1.0/24")), s.objects().get(set("hw4n-admins")));
        assertEquals(new DesiredObject.Set(set(IFMAP), "type ifname : verdict;",
                ImmutableSortedSet.of("\"eth0\" : goto hw-fh-eth0", "\"eth1\" : goto hw-fh-eth1")),
                s.objects().get(set(IFMAP)));
        assertEquals(new DesiredObject.Chain(chain("hw-filter-input"),
                "type filter hook input priority 0; policy accept;",
                ImmutableList.of("ct state established,related accept comment \"conntrack\"", "ct state invalid drop",
                        "iifname vmap @" + IFMAP),
                ImmutableSortedSet.of(set(IFMAP))), s.objects().get(chain("hw-filter-input")));
        assertEquals(new DesiredObject.Chain(chain("hw-fh-eth0"), "",
                ImmutableList.of("meta mark set meta mark & 0xfffcffff", "jump hw-pi-allow-ssh",
                        "meta mark & 0x10000 == 0x10000 return", "drop comment \"default deny\""),
                ImmutableSortedSet.of(chain("hw-pi-allow-ssh"))), s.objects().get(chain("hw-fh-eth0")));
        assertEquals(ImmutableSortedSet.of(set("hw4n-admins"), set(PORTS)),
                s.objects().get(chain("hw-pi-allow-ssh")).uses());
        assertEquals(ImmutableSortedSet.of(chain("hw-th-eth0")), s.objects().get(chain("hw-filter-output")).uses());
    }

    /** One model, one spelling: every header, rule and element text is a line (or part of one) of the script. */
    @Test
    void everyTextOfTheStateIsSpelledAsInTheScript() {
        for (Ruleset r : List.of(Samples.small(), Samples.everything(), Samples.other())) {
            for (boolean counters : List.of(false, true)) {
                RenderOptions o = new RenderOptions("hostwall", counters);
                List<String> lines = new NftablesBackend().script(r, o).lines().map(String::strip).toList();
                DesiredState s = new NftDataplane(o, new Recorder()).desired(r);
                int rules = 0;
                for (DesiredObject obj : s.objects().values()) {
                    if (obj instanceof DesiredObject.Chain c) {
                        assertTrue(lines.contains("chain " + c.id().name() + " {"), c.id().toString());
                        assertTrue(c.header().isEmpty() || lines.contains(c.header()), c.header());
                        c.rules().forEach(rule -> assertTrue(lines.contains(rule), rule));
                        rules += c.rules().size();
                    } else if (obj instanceof DesiredObject.Set set) {
                        String joined = String.join("\n", lines);
                        set.elements().forEach(e -> assertTrue(joined.contains(e), e));
                    }
                }
                long modelRules = new NftTableBuilder(r, o).build().chains().stream()
                        .mapToLong(c -> c.rules().size()).sum();
                assertEquals(modelRules, rules, "rule count of " + r.node());
            }
        }
    }

    @Test
    void equalRulesetsGiveEqualStates() {
        Dataplane d = dataplane(new Recorder());
        RandomIr a = new RandomIr(99L);
        RandomIr b = new RandomIr(99L);
        for (int i = 0; i < 50; i++) {
            Ruleset x = a.next();
            Ruleset y = b.next();
            assertEquals(d.desired(x), d.desired(y), "case " + i);
            assertEquals(d.transaction(Delta.replaceAll(d.desired(x))),
                    d.transaction(Delta.replaceAll(d.desired(y))), "case " + i);
        }
        assertEquals(d.desired(Samples.everything()), d.desired(Samples.everything()));
    }

    @Test
    void replaceAllIsTheReplaceIdiomWithTheWholeTable() {
        Dataplane d = dataplane(new Recorder());
        String text = d.transaction(Delta.replaceAll(d.desired(small())));
        assertEquals("""
                # hostwall: replaces table inet hostwall atomically and touches no other table
                add table inet hostwall
                delete table inet hostwall
                table inet hostwall {
                \tset hw4n-admins {
                \t\ttype ipv4_addr; flags interval;
                \t\telements = { 10.0.0.0/8, 192.168.1.0/24 }
                \t}
                \tmap IFMAP {
                \t\ttype ifname : verdict;
                \t\telements = { "eth0" : goto hw-fh-eth0, "eth1" : goto hw-fh-eth1 }
                \t}
                \tset PORTS {
                \t\ttype inet_service; flags interval;
                \t\telements = { 22, 443, 80, 8000-8080, 9090 }
                \t}
                \tchain hw-fh-eth0 {
                \t\tmeta mark set meta mark & 0xfffcffff
                \t\tjump hw-pi-allow-ssh
                \t\tmeta mark & 0x10000 == 0x10000 return
                \t\tdrop comment "default deny"
                \t}
                \tchain hw-fh-eth1 {
                \t\tdrop comment "default deny"
                \t}
                \tchain hw-filter-input {
                \t\ttype filter hook input priority 0; policy accept;
                \t\tct state established,related accept comment "conntrack"
                \t\tct state invalid drop
                \t\tiifname vmap @IFMAP
                \t}
                \tchain hw-filter-output {
                \t\ttype filter hook output priority 0; policy accept;
                \t\toifname "cali*" return comment "workload interfaces are not host endpoints"
                \t\toifname "eth0" goto hw-th-eth0
                \t}
                \tchain hw-pi-allow-ssh {
                \t\tmeta l4proto tcp ip saddr @hw4n-admins tcp dport @PORTS meta mark set meta mark | 0x10000 \
                comment "GlobalNetworkPolicy allow-ssh ingress rule 0"
                \t\tmeta l4proto icmp icmp type 8 meta mark set meta mark | 0x10000 \
                comment "GlobalNetworkPolicy allow-ssh ingress rule 1"
                \t}
                \tchain hw-th-eth0 {
                \t\taccept
                \t}
                }
                """.replace("PORTS", PORTS).replace("IFMAP", IFMAP), text);
    }

    @Test
    void eachStepHasItsCommand() {
        Dataplane d = dataplane(new Recorder());
        DesiredObject.Set nets = new DesiredObject.Set(set("nets"), "type ipv4_addr; flags interval;",
                ImmutableSortedSet.of("10.0.0.0/8"));
        DesiredObject.Set map = new DesiredObject.Set(set("m"), "type ifname : verdict;",
                ImmutableSortedSet.of("\"eth0\" : goto c"));
        DesiredObject.Chain c = new DesiredObject.Chain(chain("c"), "", ImmutableList.of("ip saddr @nets accept",
                "drop"), ImmutableSortedSet.of(set("nets")));
        DesiredObject.Chain empty = new DesiredObject.Chain(chain("e"), "", ImmutableList.of(), ImmutableSortedSet.of());
        Delta delta = new Delta(ImmutableList.of(
                new DeltaOp.DeleteElements(set("nets"), ImmutableList.of("10.1.0.0/16", "10.2.0.0/16")),
                new DeltaOp.FlushSet(set("nets")),
                new DeltaOp.CreateSet(nets),
                new DeltaOp.CreateSet(new DesiredObject.Set(set("empty"), "type ipv4_addr;", ImmutableSortedSet.of())),
                new DeltaOp.CreateChain(chain("c"), ""),
                new DeltaOp.CreateChain(chain("in"), "type filter hook input priority 0; policy accept;"),
                new DeltaOp.FlushChain(chain("x")),
                new DeltaOp.ReplaceSet(map),
                new DeltaOp.AddRules(c),
                new DeltaOp.AddRules(empty),
                new DeltaOp.AddElements(set("nets"), ImmutableList.of("192.168.0.0/16")),
                new DeltaOp.FlushSet(set("m")),
                new DeltaOp.DeleteChain(chain("old")),
                new DeltaOp.DeleteSet(set("gone"))));
        assertEquals("""
                # hostwall delta for table inet hostwall: 14 steps, one transaction
                add chain inet hostwall c
                add chain inet hostwall in { type filter hook input priority 0; policy accept; }
                delete element inet hostwall nets { 10.1.0.0/16, 10.2.0.0/16 }
                flush set inet hostwall nets
                add set inet hostwall nets { type ipv4_addr; flags interval; elements = { 10.0.0.0/8 } }
                add set inet hostwall empty { type ipv4_addr; }
                flush chain inet hostwall x
                delete set inet hostwall m
                add map inet hostwall m { type ifname : verdict; elements = { "eth0" : goto c } }
                add rule inet hostwall c ip saddr @nets accept
                add rule inet hostwall c drop
                add set inet hostwall nets { type ipv4_addr; flags interval; elements = { 192.168.0.0/16 } }
                flush map inet hostwall m
                delete set inet hostwall gone
                delete chain inet hostwall old
                """, d.transaction(delta));
    }

    /** Felix's order puts new sets before new chains and deleted chains before deleted sets; maps point at chains. */
    @Test
    void newChainsComeFirstAndDeletedChainsLastButARecreatedChainKeepsItsPlace() {
        Dataplane d = dataplane(new Recorder());
        DesiredState before = d.desired(Samples.small());
        DesiredState after = d.desired(Samples.other());
        String text = d.transaction(Delta.between(before, after));
        List<String> lines = text.lines().toList();
        int firstNotAddChain = IntStream.range(1, lines.size()).filter(i -> !lines.get(i).startsWith("add chain"))
                .findFirst().orElse(lines.size());
        assertTrue(lines.stream().skip(firstNotAddChain).noneMatch(l -> l.startsWith("add chain")
                && !l.contains(" { type ")), text);
        int lastNotDeleteChain = IntStream.range(0, lines.size()).map(i -> lines.size() - 1 - i)
                .filter(i -> !lines.get(i).startsWith("delete chain")).findFirst().orElse(-1);
        assertTrue(lines.stream().limit(lastNotDeleteChain + 1).noneMatch(l -> l.startsWith("delete chain")
                && !text.contains("add chain " + l.substring("delete chain ".length()) + " {")), text);

        DesiredObject.Chain base = new DesiredObject.Chain(chain("in"), "type filter hook input priority 0; "
                + "policy accept;", ImmutableList.of("accept"), ImmutableSortedSet.of());
        DesiredObject.Chain moved = new DesiredObject.Chain(chain("in"), "type filter hook input priority 10; "
                + "policy accept;", ImmutableList.of("accept"), ImmutableSortedSet.of());
        assertEquals("""
                # hostwall delta for table inet hostwall: 4 steps, one transaction
                flush chain inet hostwall in
                delete chain inet hostwall in
                add chain inet hostwall in { type filter hook input priority 10; policy accept; }
                add rule inet hostwall in accept
                """, d.transaction(Delta.between(DesiredState.of(List.of(base)), DesiredState.of(List.of(moved)))));
    }

    @Test
    void largeElementListsGoInBatchesOfAThousand() {
        Dataplane d = dataplane(new Recorder());
        ImmutableSortedSet<String> many = IntStream.range(0, 2500).mapToObj(i -> "10." + (i / 256) + "." + (i % 256)
                + ".1").collect(ImmutableSortedSet.toImmutableSortedSet(String::compareTo));
        DesiredObject.Set big = new DesiredObject.Set(set("big"), "type ipv4_addr;", many);
        String create = d.transaction(new Delta(ImmutableList.of(new DeltaOp.CreateSet(big))));
        List<String> lines = create.lines().toList();
        assertEquals("add set inet hostwall big { type ipv4_addr; }", lines.get(1));
        assertEquals(List.of(1000L, 1000L, 500L), lines.subList(2, lines.size()).stream()
                .map(l -> l.chars().filter(ch -> ch == ',').count() + 1).toList());
        // "add set" with the declaration, not "add element": nft 1.0.6 dumps every interval set for the latter.
        String batchPrefix = "add set inet hostwall big { type ipv4_addr; elements = { ";
        assertTrue(lines.subList(2, lines.size()).stream().allMatch(l -> l.startsWith(batchPrefix)));
        String all = d.transaction(Delta.replaceAll(DesiredState.of(List.of(big))));
        assertEquals(3, all.lines().filter(l -> l.startsWith(batchPrefix)).count(), all);
        assertTrue(all.indexOf(batchPrefix) > all.indexOf("\n}\n"), "elements after the table block");
        assertTrue(!all.contains("add element"), all);
        String delete = d.transaction(new Delta(ImmutableList.of(new DeltaOp.DeleteElements(set("big"),
                many.asList()))));
        assertEquals(3, delete.lines().filter(l -> l.startsWith("delete element inet hostwall big { ")).count());
    }

    /** Why: nft 1.0.6 dumps every interval set of the table for an "add element"; "add set" fetches only tables. */
    @Test
    void elementsAreAddedWithTheSetsDeclarationWhenKnownAndAMapsWithAddElement() {
        Dataplane d = dataplane(new Recorder());
        DesiredState state = d.desired(small());
        DesiredObject.Set admins = (DesiredObject.Set) state.objects().get(set("hw4n-admins"));
        assertEquals("""
                # hostwall delta for table inet hostwall: 1 steps, one transaction
                add set inet hostwall hw4n-admins { type ipv4_addr; flags interval; elements = { 172.16.0.0/12 } }
                """, d.transaction(new Delta(ImmutableList.of(new DeltaOp.AddElements(admins.id(),
                ImmutableList.of("172.16.0.0/12"))))));
        assertEquals("""
                # hostwall delta for table inet hostwall: 1 steps, one transaction
                add element inet hostwall IFMAP { "eth2" : goto hw-fh-eth0 }
                add element inet hostwall unknown { 10.9.9.9 }
                delete element inet hostwall hw4n-admins { 10.0.0.0/8 }
                """.replace("1 steps", "3 steps"), d.transaction(new Delta(ImmutableList.of(
                new DeltaOp.AddElements(set("IFMAP"), ImmutableList.of("\"eth2\" : goto hw-fh-eth0")),
                new DeltaOp.AddElements(set("unknown"), ImmutableList.of("10.9.9.9")),
                new DeltaOp.DeleteElements(admins.id(), ImmutableList.of("10.0.0.0/8"))))));
    }

    @Test
    void objectsOfAnotherTableAndHooksAreRefused() {
        Dataplane d = dataplane(new Recorder());
        assertThrows(IllegalArgumentException.class, () -> d.transaction(new Delta(ImmutableList.of(
                new DeltaOp.FlushChain(ObjectId.chain("ip kube-proxy", "services"))))));
        assertThrows(IllegalArgumentException.class, () -> d.transaction(new Delta(ImmutableList.of(
                new DeltaOp.RemoveHooks(ObjectId.hooks(SCOPE, "INPUT"))))));
    }

    @Test
    void applyRunsNftOnceWithTheTransactionAndAnEmptyDeltaNotAtAll() {
        Recorder r = new Recorder();
        Dataplane d = dataplane(r);
        Delta all = Delta.replaceAll(d.desired(Samples.small()));
        ApplyResult result = d.apply(all);
        assertEquals(List.of(List.of("nft", "-f", "-")), r.commands);
        assertEquals(List.of(d.transaction(all)), r.inputs);
        assertEquals(1, result.steps());
        assertEquals(1, result.transactions());
        assertEquals(d.transaction(all).length(), result.bytes());
        assertEquals(0, d.apply(new Delta(ImmutableList.of())).transactions());
        assertEquals(1, r.commands.size());
    }

    @Test
    void aRefusalIsADataplaneExceptionWithWhatNftSaid() {
        Recorder r = new Recorder();
        r.answer = new ToolRunner.Result(1, "", "/dev/stdin:3:1-20: Error: No such file or directory\n");
        Dataplane d = dataplane(r);
        DataplaneException e = assertThrows(DataplaneException.class,
                () -> d.apply(Delta.replaceAll(d.desired(Samples.small()))));
        assertTrue(e.getMessage().contains("exited with status 1: /dev/stdin:3:1-20: Error"), e.getMessage());
    }

    @Test
    void removeDeletesTheTableWhetherOrNotItExists() {
        Recorder r = new Recorder();
        dataplane(r).remove();
        assertEquals("""
                # hostwall: remove table inet hostwall and nothing else
                add table inet hostwall
                delete table inet hostwall
                """, r.inputs.get(0));
    }

    @Test
    void aMissingTableIsNotPresentButAnotherFailureIsAnError() {
        Recorder r = new Recorder();
        r.answer = new ToolRunner.Result(1, "", "Error: No such file or directory\nlist table inet hostwall\n"
                + "                ^^^^^^^^\n");
        Dataplane d = dataplane(r);
        ObservedState s = d.read();
        assertFalse(s.present());
        assertTrue(s.objects().isEmpty());
        assertEquals(List.of("nft", "--json", "list", "table", "inet", "hostwall"), r.commands.get(0));
        r.answer = new ToolRunner.Result(1, "", "Cannot open network namespace \"x\": No such file or directory\n");
        assertThrows(DataplaneException.class, d::read);
        r.answer = new ToolRunner.Result(0, "{\"nftables\": [", "");
        DataplaneException bad = assertThrows(DataplaneException.class, d::read);
        assertTrue(bad.getMessage().contains("bad JSON at line 1, column 15"), bad.getMessage());
    }

    /** The listing nft 1.0.6 printed for a small table (handles and a counter included). */
    static final String LISTING = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", \
            "json_schema_version": 1}}, {"table": {"family": "inet", "name": "hostwall", "handle": 1}}, \
            {"set": {"family": "inet", "name": "s", "table": "hostwall", "type": "ipv4_addr", "handle": 8, \
            "flags": ["interval"], "elem": [{"prefix": {"addr": "10.0.0.0", "len": 8}}, "192.168.0.1"]}}, \
            {"map": {"family": "inet", "name": "m", "table": "hostwall", "type": "ifname", "handle": 10, \
            "map": "verdict", "elem": [["eth0", {"goto": {"target": "c1"}}]]}}, \
            {"set": {"family": "inet", "name": "empty", "table": "hostwall", "type": "ipv4_addr", "handle": 11}}, \
            {"chain": {"family": "inet", "table": "hostwall", "name": "c1", "handle": 1}}, \
            {"chain": {"family": "inet", "table": "hostwall", "name": "base", "handle": 5, "type": "filter", \
            "hook": "input", "prio": 0, "policy": "accept"}}, \
            {"rule": {"family": "inet", "table": "hostwall", "chain": "base", "handle": 11, "expr": \
            [{"vmap": {"key": {"meta": {"key": "iifname"}}, "data": "@m"}}]}}, \
            {"rule": {"family": "inet", "table": "hostwall", "chain": "base", "handle": 12, "expr": \
            [{"counter": {"packets": 5, "bytes": 300}}, {"accept": null}], "comment": "ok"}}]}
            """;

    @Test
    void aListingGivesSizesAndFingerprintsThatIgnoreHandlesAndCounters() {
        ObservedState s = NftListing.parse(LISTING, "inet", "hostwall").state();
        assertTrue(s.present());
        assertEquals(List.of(set("empty"), set("m"), set("s"), chain("base"), chain("c1")),
                List.copyOf(s.objects().keySet()));
        assertEquals(2, s.objects().get(set("s")).size());
        assertEquals(1, s.objects().get(set("m")).size());
        assertEquals(0, s.objects().get(set("empty")).size());
        assertEquals(2, s.objects().get(chain("base")).size());
        assertEquals(0, s.objects().get(chain("c1")).size());
        assertEquals(List.of("m"), NftListing.parse(LISTING, "inet", "hostwall").maps());

        ObservedState renumbered = NftListing.parse(LISTING.replace("\"handle\": 1", "\"handle\": 71")
                .replace("\"packets\": 5, \"bytes\": 300", "\"packets\": 9, \"bytes\": 900"), "inet", "hostwall")
                .state();
        assertEquals(s, renumbered);
        ObservedState reordered = NftListing.parse(LISTING.replace(
                "[{\"prefix\": {\"addr\": \"10.0.0.0\", \"len\": 8}}, \"192.168.0.1\"]",
                "[\"192.168.0.1\", {\"prefix\": {\"len\": 8, \"addr\": \"10.0.0.0\"}}]"), "inet", "hostwall").state();
        assertEquals(s, reordered, "element order and key order are not content");

        ObservedState edited = NftListing.parse(LISTING.replace("\"comment\": \"ok\"", "\"comment\": \"ok!\""),
                "inet", "hostwall").state();
        assertFalse(edited.objects().get(chain("base")).equals(s.objects().get(chain("base"))));
        assertEquals(s.objects().get(chain("c1")), edited.objects().get(chain("c1")));
        ObservedState policy = NftListing.parse(LISTING.replace("\"policy\": \"accept\"", "\"policy\": \"drop\""),
                "inet", "hostwall").state();
        assertFalse(policy.objects().get(chain("base")).fingerprint()
                .equals(s.objects().get(chain("base")).fingerprint()));
        ObservedState flushed = NftListing.parse(LISTING.replace(", \"elem\": [[\"eth0\", {\"goto\": {\"target\": "
                + "\"c1\"}}]]", ""), "inet", "hostwall").state();
        assertEquals(0, flushed.objects().get(set("m")).size());
        assertFalse(flushed.objects().get(set("m")).fingerprint().equals(s.objects().get(set("m")).fingerprint()));
    }

    @Test
    void aListingOfOtherTablesContributesNothing() {
        String other = LISTING.replace("\"table\": \"hostwall\"", "\"table\": \"firewalld\"");
        ObservedState s = NftListing.parse(other, "inet", "hostwall").state();
        assertTrue(s.present());
        assertTrue(s.objects().isEmpty());
    }

    @Test
    void mapsReadFromTheKernelAreFlushedAsMaps() {
        Recorder r = new Recorder();
        r.answer = new ToolRunner.Result(0, LISTING, "");
        Dataplane d = dataplane(r);
        Delta flush = new Delta(ImmutableList.of(new DeltaOp.FlushSet(set("m")), new DeltaOp.FlushSet(set("s"))));
        assertTrue(d.transaction(flush).contains("flush set inet hostwall m\n"), "unknown yet: a set");
        d.read();
        String text = d.transaction(flush);
        assertTrue(text.contains("flush map inet hostwall m\n") && text.contains("flush set inet hostwall s\n"), text);
    }

    /**
     * An edit is spelt with cheap commands once the handles are known from a read: deletes by handle, the shorter
     * side around the inserts written again with plain adds or inserts; rules written since the read have unknown
     * handles, and an edit that needs one is a rewrite; a failure forgets every handle.
     */
    @Test
    void editsAreSpeltByHandleOnceTheHandlesAreKnown() {
        Recorder r = new Recorder();
        NftDataplane d = new NftDataplane(RenderOptions.defaults(), r);
        DesiredState v1 = DesiredState.of(List.of(c1("1", "2", "3", "10", "11", "12")));
        DesiredState v2 = DesiredState.of(List.of(c1("1", "2", "3", "10", "11", "9", "12")));
        DesiredState top = DesiredState.of(List.of(c1("0", "1", "2", "3", "10", "11", "12")));
        DesiredState gone = DesiredState.of(List.of(c1("1", "2", "3", "11", "12")));
        Delta edit = Delta.between(v1, v2);
        assertTrue(edit.ops().get(0) instanceof DeltaOp.EditRules, edit.toString());
        assertTrue(d.transaction(edit).contains("flush chain inet hostwall c1\n"), "handles unknown: a rewrite");

        StringBuilder listing = new StringBuilder("{\"nftables\": [{\"chain\": {\"family\": \"inet\", "
                + "\"table\": \"hostwall\", \"name\": \"c1\", \"handle\": 1}}");
        for (int i = 0; i < 6; i++) {
            listing.append(", {\"rule\": {\"family\": \"inet\", \"table\": \"hostwall\", \"chain\": \"c1\", "
                    + "\"handle\": ").append(4 + i).append(", \"expr\": [{\"accept\": null}]}}");
        }
        r.answer = new ToolRunner.Result(0, listing.append("]}").toString(), "");
        d.read();
        assertEquals(Optional.of(List.of(4L, 5L, 6L, 7L, 8L, 9L)), d.handles("c1"));
        assertEquals("""
                # hostwall delta for table inet hostwall: 1 steps, one transaction
                delete rule inet hostwall c1 handle 9
                add rule inet hostwall c1 tcp dport 9 accept
                add rule inet hostwall c1 tcp dport 12 accept
                """, d.transaction(edit));
        assertEquals("""
                # hostwall delta for table inet hostwall: 1 steps, one transaction
                delete rule inet hostwall c1 handle 4
                insert rule inet hostwall c1 tcp dport 1 accept
                insert rule inet hostwall c1 tcp dport 0 accept
                """, d.transaction(Delta.between(v1, top)));
        assertEquals("""
                # hostwall delta for table inet hostwall: 1 steps, one transaction
                delete rule inet hostwall c1 handle 7
                """, d.transaction(Delta.between(v1, gone)));

        r.answer = new ToolRunner.Result(0, "", "");
        d.apply(edit);
        assertEquals(List.of("nft", "-f", "-"), r.commands.get(r.commands.size() - 1));
        assertEquals(1, d.lastEditsByHandle());
        long u = NftTransaction.UNKNOWN;
        assertEquals(Optional.of(List.of(4L, 5L, 6L, 7L, 8L, u, u)), d.handles("c1"));
        // Deleting the rule just written needs its handle, which is not known: a rewrite.
        assertTrue(d.transaction(Delta.between(v2, v1)).contains("flush chain inet hostwall c1\n"));
        // ... but the old rules' handles still serve.
        DesiredState v3 = DesiredState.of(List.of(c1("1", "3", "10", "11", "9", "12")));
        assertTrue(d.transaction(Delta.between(v2, v3)).endsWith("delete rule inet hostwall c1 handle 5\n"));

        // A failure forgets them.
        r.answer = new ToolRunner.Result(1, "", "Error: Could not process rule: No such file or directory\n");
        assertThrows(DataplaneException.class, () -> d.apply(Delta.between(v2, v3)));
        assertEquals(Optional.empty(), d.handles("c1"));
    }

    private static DesiredObject.Chain c1(String... ports) {
        return new DesiredObject.Chain(chain("c1"), "", java.util.Arrays.stream(ports)
                .map(p -> "tcp dport " + p + " accept").collect(ImmutableList.toImmutableList()), ImmutableSortedSet.of());
    }
}
