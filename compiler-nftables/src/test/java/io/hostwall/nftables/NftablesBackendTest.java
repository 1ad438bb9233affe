package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Lists;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.Backends;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import io.hostwall.ir.testing.IrFixtures;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NftablesBackendTest {
    private final NftablesBackend backend = new NftablesBackend();

    @Test
    void isFoundThroughTheServiceLoader() {
        assertInstanceOf(NftablesBackend.class, Backends.named("nftables").orElseThrow());
    }

    @Test
    void rendersTheScriptAndTheJsonOnlyOnRequest() {
        RenderedRuleset r = backend.render(Samples.small(), RenderOptions.defaults());
        assertEquals(ImmutableList.of(DocumentKind.NFT), r.documents().keySet().asList());
        assertEquals(ImmutableSet.of(DocumentKind.NFT, DocumentKind.NFT_JSON), backend.documentKinds());
        assertEquals(backend.script(Samples.small(), RenderOptions.defaults()), r.documents().get(DocumentKind.NFT));

        RenderedRuleset both = backend.render(Samples.small(), RenderOptions.defaults(), backend.documentKinds());
        assertEquals(ImmutableList.of(DocumentKind.NFT, DocumentKind.NFT_JSON), both.documents().keySet().asList());
        assertEquals(r.require(DocumentKind.NFT), both.require(DocumentKind.NFT));
        assertEquals(backend.json(Samples.small(), RenderOptions.defaults()), both.require(DocumentKind.NFT_JSON));
        RenderedRuleset json = backend.render(Samples.small(), RenderOptions.defaults(), Set.of(DocumentKind.NFT_JSON));
        assertEquals(ImmutableList.of(DocumentKind.NFT_JSON), json.documents().keySet().asList());
        assertThrows(IllegalArgumentException.class,
                () -> backend.render(Samples.small(), RenderOptions.defaults(), Set.of(DocumentKind.IPSET)));
    }

    @Test
    void smallRulesetWholeScript() {
        String ifmap = NftNames.hashed("ifmap", "\"eth0\" : goto hw-fh-eth0,\"eth1\" : goto hw-fh-eth1");
        String expected = """
                # hostwall nftables ruleset for node "node1". Generated; do not edit.
                # Loading it with nft -f replaces table inet hostwall atomically and touches no other table.
                add table inet hostwall
                delete table inet hostwall
                table inet hostwall {
                \tset hw4n-admins {
                \t\ttype ipv4_addr
                \t\tflags interval
                \t\telements = { 10.0.0.0/8, 192.168.1.0/24 }
                \t}

                \tmap IFMAP {
                \t\ttype ifname : verdict
                \t\telements = { "eth0" : goto hw-fh-eth0, "eth1" : goto hw-fh-eth1 }
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

                \tchain hw-fh-eth0 {
                \t\tmeta mark set meta mark & 0xfffcffff
                \t\tjump hw-pi-allow-ssh
                \t\tmeta mark & 0x10000 == 0x10000 return
                \t\tdrop comment "default deny"
                \t}

                \tchain hw-fh-eth1 {
                \t\tdrop comment "default deny"
                \t}

                \tchain hw-pi-allow-ssh {
                \t\tmeta l4proto tcp ip saddr @hw4n-admins tcp dport 22 meta mark set meta mark | 0x10000 \
                comment "GlobalNetworkPolicy allow-ssh ingress rule 0"
                \t\tmeta l4proto tcp ip saddr @hw4n-admins tcp dport 8000-8080 meta mark set meta mark | 0x10000 \
                comment "GlobalNetworkPolicy allow-ssh ingress rule 0"
                \t\tmeta l4proto icmp icmp type 8 meta mark set meta mark | 0x10000 \
                comment "GlobalNetworkPolicy allow-ssh ingress rule 1"
                \t}

                \tchain hw-th-eth0 {
                \t\taccept
                \t}
                }
                """.replace("IFMAP", ifmap);
        assertEquals(expected, backend.script(Samples.small(), RenderOptions.defaults()));
    }

    @Test
    void tableNameAndCountersComeFromTheOptions() {
        String s = backend.script(Samples.small(), new RenderOptions("fw_node-1", true));
        assertTrue(s.contains("\nadd table inet fw_node-1\ndelete table inet fw_node-1\ntable inet fw_node-1 {\n"));
        assertTrue(s.contains("\t\tct state invalid counter drop\n"));
        assertThrows(IllegalArgumentException.class, () -> backend.script(Samples.small(), new RenderOptions("tcp", false)));
    }

    @Test
    void outputIsByteIdenticalWhateverTheOrderOfChainsAndSets() {
        Ruleset a = Samples.everything();
        Ruleset b = new Ruleset(a.node(), a.baseChains(), ImmutableList.copyOf(Lists.reverse(a.chains())),
                ImmutableList.copyOf(Lists.reverse(a.sets())), a.marks());
        assertEquals(backend.script(a, RenderOptions.defaults()), backend.script(b, RenderOptions.defaults()));
        assertEquals(backend.script(a, RenderOptions.defaults()), backend.script(Samples.everything(), RenderOptions.defaults()));
    }

    /** DESIGN.md: the kernel's load time is quadratic in the number of sets, anonymous ones included. */
    @Test
    void neverRendersAnAnonymousSet() {
        for (Ruleset r : ImmutableList.of(Samples.small(), Samples.everything(), Samples.other())) {
            String s = backend.script(r, RenderOptions.defaults());
            for (String line : s.split("\n")) {
                boolean ruleLine = line.startsWith("\t\t") && !line.startsWith("\t\t\t") && !line.contains("elements = ");
                if (ruleLine) {
                    assertFalse(line.contains("{"), line);
                }
            }
        }
    }

    @Test
    void sharedSetsAreSharedAndDistinctFromIrSets() {
        String s = backend.script(Samples.everything(), RenderOptions.defaults());
        // 5 IR sets + 1 long port list (short ones need none) + 3 ICMP negations + 1 dispatch map (the 1-entry
        // dispatch needs none).
        assertEquals(10, Pattern.compile("^\t(set|map) ", Pattern.MULTILINE).matcher(s).results().count());
    }

    @Test
    void refusesWhatItCannotExpress() {
        Ruleset dup = IrFixtures.ruleset("n").chain("hw-a").chain("hw-a").build();
        assertThrows(IllegalArgumentException.class, () -> backend.script(dup, RenderOptions.defaults()));
        Ruleset jumpToBase = IrFixtures.ruleset("n")
                .base("hw-in", io.hostwall.ir.TableKind.FILTER, io.hostwall.ir.Hook.INPUT,
                        IrFixtures.rule(new IrAction.Jump("hw-in")))
                .build();
        assertThrows(IllegalArgumentException.class, () -> backend.script(jumpToBase, RenderOptions.defaults()));
        Ruleset clash = IrFixtures.ruleset("n").set(IrFixtures.netSet(NftNames.hashed("ports", "1,3,5,7,9"), io.hostwall.net.IpFamily.V4))
                .chain("hw-a", IrFixtures.rule(IrFixtures.accept(), IrFixtures.proto(6), IrFixtures.dports(6, 1, 3, 5, 7, 9))).build();
        assertThrows(IllegalArgumentException.class, () -> backend.script(clash, RenderOptions.defaults()));
        Ruleset overlap = IrFixtures.ruleset("n").set(IrFixtures.netSet("hw4n-x", io.hostwall.net.IpFamily.V4, "10.0.0.0/8", "10.1.0.0/16"))
                .build();
        assertThrows(IllegalArgumentException.class, () -> backend.script(overlap, RenderOptions.defaults()));
    }
}
