package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Hook;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.ir.testing.ScratchNetns;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered documents load into a real kernel (iptables-nft / ipset here) inside a fresh network namespace:
 * {@code --test} first, then for real, because {@code --test} does not ask the kernel (it accepts, e.g., a CT
 * target in filter, which the kernel refuses).
 */
class KernelLoadTest {

    static Stream<Arguments> rulesets() {
        return Stream.of(
                Arguments.of("rich", Samples.rich()),
                Arguments.of("every feature", Samples.everyFeature()),
                Arguments.of("hostile", HostileNamesTest.hostile()),
                Arguments.of("empty", ruleset("empty").build()),
                Arguments.of("minimal", ruleset("n").base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(accept(), iif("lo"))).build()));
    }

    /** ipset restore, then both restore documents, each tested and loaded; returns the documents. */
    static Map<DocumentKind, String> load(IptablesNetns ns, Ruleset r) {
        Map<DocumentKind, String> docs = new IptablesBackend().render(r, RenderOptions.defaults()).documents();
        if (docs.containsKey(DocumentKind.IPSET)) {
            ns.pipe(docs.get(DocumentKind.IPSET), "ipset", "restore").orFail();
        }
        for (DocumentKind kind : List.of(DocumentKind.IPTABLES, DocumentKind.IP6TABLES)) {
            ns.pipe(docs.get(kind), kind.tool(), "--test").orFail();
            ns.pipe(docs.get(kind), kind.tool()).orFail();
        }
        return docs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesets")
    void loadsAndReloadsToTheSameState(String name, Ruleset r) {
        try (IptablesNetns ns = IptablesNetns.create()) {
            load(ns, r);
            String v4 = ns.save("iptables-save");
            String v6 = ns.save("ip6tables-save");
            String sets = ns.exec("ipset", "save").orFail().out();
            // Re-applying on a host where the rules use the sets: the swap idiom must not fail, nothing changes.
            load(ns, r);
            assertEquals(v4, ns.save("iptables-save"), "iptables-save after re-apply");
            assertEquals(v6, ns.save("ip6tables-save"), "ip6tables-save after re-apply");
            assertEquals(sets, ns.exec("ipset", "save").orFail().out(), "ipset save after re-apply");
            assertFalse(sets.contains(":t "), "temporary sets are gone");
        }
    }

    @Test
    void everyFeatureLandsInTheKernelAsRendered() {
        try (IptablesNetns ns = IptablesNetns.create()) {
            Map<DocumentKind, String> docs = load(ns, Samples.everyFeature());
            long rendered = docs.get(DocumentKind.IPTABLES).lines().filter(l -> l.startsWith("-A ")).count();
            long saved = ns.save("iptables-save").lines().filter(l -> l.startsWith("-A ")).count();
            assertEquals(rendered, saved, "every rendered IPv4 rule is in the kernel");
            long rendered6 = docs.get(DocumentKind.IP6TABLES).lines().filter(l -> l.startsWith("-A ")).count();
            long saved6 = ns.save("ip6tables-save").lines().filter(l -> l.startsWith("-A ")).count();
            assertEquals(rendered6, saved6, "every rendered IPv6 rule is in the kernel");
            assertTrue(ns.save("iptables-save").contains("-j CT --notrack"));
        }
    }

    @Test
    void ipsetsArePerNetworkNamespace() {
        try (IptablesNetns a = IptablesNetns.create(); IptablesNetns b = IptablesNetns.create()) {
            load(a, Samples.rich());
            String inA = a.exec("ipset", "list", "-n").orFail().out();
            assertTrue(inA.contains("hw4n-clients") && inA.contains("hw6n-clients") && inA.contains("hw4p-named"), inA);
            assertFalse(b.exec("ipset", "list", "-n").orFail().out().contains("hw4n-clients"),
                    "another namespace does not see the sets");
            String host = ScratchNetns.run(null, List.of("ipset", "list", "-n")).out();
            assertFalse(host.contains("hw4n-clients"), "the host namespace does not see the sets");
        }
    }

    @Test
    void aSetInUseIsReplacedAtomicallyByReapplying() {
        Ruleset v1 = ruleset("n").base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(accept(), srcSet("hw4n-s", io.hostwall.net.IpFamily.V4)))
                .set(netSet("hw4n-s", io.hostwall.net.IpFamily.V4, "10.0.0.0/8")).build();
        Ruleset v2 = ruleset("n").base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(accept(), srcSet("hw4n-s", io.hostwall.net.IpFamily.V4)))
                .set(netSet("hw4n-s", io.hostwall.net.IpFamily.V4, "10.0.0.0/8", "192.168.0.0/16")).build();
        try (IptablesNetns ns = IptablesNetns.create()) {
            load(ns, v1);
            Map<DocumentKind, String> docs = new IptablesBackend().render(v2, RenderOptions.defaults()).documents();
            // Only the set document: the rules keep referencing the set while its content changes.
            ns.pipe(docs.get(DocumentKind.IPSET), "ipset", "restore").orFail();
            String s = ns.exec("ipset", "save", "hw4n-s").orFail().out();
            assertTrue(s.contains("add hw4n-s 192.168.0.0/16") && s.contains("add hw4n-s 10.0.0.0/8"), s);
            assertFalse(ns.exec("ipset", "destroy", "hw4n-s").ok(), "the set is in use by the rule");
        }
    }
}
