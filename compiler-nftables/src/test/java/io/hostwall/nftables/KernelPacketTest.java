package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.icmp;
import static io.hostwall.ir.testing.IrFixtures.proto;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableMap;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A few real packets over loopback, counted per rule: the renderings whose meaning is easy to get wrong (negated
 * ICMP, verdict-map dispatch, shared port sets, negated conntrack state) do what the IR says. Every probe rule is
 * non-terminal (an empty statement) so each packet passes all of them. The full semantic check is the kernel lab's.
 */
class KernelPacketTest {
    private static IrRule probe(String name, Match... matches) {
        return rule(new IrAction.SetMark(0, 0), matches).withNote(name);
    }

    private static Ruleset probes() {
        return IrFixtures.ruleset("packets")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        probe("not-echo-request4", icmp(IpFamily.V4, 8, 0, true)),
                        probe("echo-request4", icmp(IpFamily.V4, 8, 0, false)),
                        probe("udp-and-not-echo-request4", proto(17), icmp(IpFamily.V4, 8, 0, true)),
                        probe("icmp-not-type8", proto(1), icmp(IpFamily.V4, 8, null, true)),
                        probe("not-icmp4", icmp(IpFamily.V4, null, null, true)),
                        probe("not-echo-request6", icmp(IpFamily.V6, 128, null, true)),
                        probe("not-new-nor-established", IrFixtures.ct(true, io.hostwall.ir.CtState.NEW,
                                io.hostwall.ir.CtState.ESTABLISHED)),
                        probe("not-dnat", new Match.ConntrackDnat(false)),
                        rule(IrFixtures.dispatch(InterfaceDirection.IN, "lo", "hw-lo", "eth9", "hw-eth9")))
                .base("hw-filter-output", TableKind.FILTER, Hook.OUTPUT,
                        // No ICMP errors for the UDP probes to a closed port: they would muddle the counts.
                        rule(IrFixtures.drop(), icmp(IpFamily.V4, 3, null, false)))
                .chain("hw-lo", probe("lo-udp-ports", proto(17), IrFixtures.dportRanges(17, false,
                        PortRange.single(9), new PortRange(5000, 5010))))
                .chain("hw-eth9", probe("eth9"))
                .build();
    }

    /** The same probes through the script and through the JSON document: both must count alike. */
    @ParameterizedTest(name = "json={0}")
    @ValueSource(booleans = {false, true})
    void probesCountWhatTheIrMeans(boolean json) {
        NftablesBackend backend = new NftablesBackend();
        RenderOptions options = new RenderOptions("hostwall", true);
        try (NftNetns ns = NftNetns.create()) {
            ns.exec("ip", "link", "set", "lo", "up").orFail("lo up");
            if (json) {
                ns.loadJson(backend.json(probes(), options)).orFail("nft -j -f");
            } else {
                ns.load(backend.script(probes(), options)).orFail("nft -f");
            }
            ns.exec("ping", "-c", "1", "-W", "2", "127.0.0.1").orFail("ping"); // echo request 8/0 + echo reply 0/0
            ns.exec("ping", "-6", "-c", "1", "-W", "2", "::1").orFail("ping -6"); // 128/0 + 129/0
            ns.exec("bash", "-c", "echo x > /dev/udp/127.0.0.1/9").orFail("udp 9");
            ns.exec("bash", "-c", "echo x > /dev/udp/127.0.0.1/7000").orFail("udp 7000");

            Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put("not-echo-request4", 3); // reply + 2 UDP: true for non-ICMP packets
            expected.put("echo-request4", 1);
            expected.put("udp-and-not-echo-request4", 2);
            expected.put("icmp-not-type8", 1); // the reply
            expected.put("not-icmp4", 2); // the UDP probes
            expected.put("not-echo-request6", 1); // the v6 reply; no IPv4 packet (the rule is v6 only)
            expected.put("not-new-nor-established", 0); // every probe is new or established
            expected.put("not-dnat", 6); // every IPv4 and IPv6 packet on input
            expected.put("lo-udp-ports", 1); // port 9 is in {9, 5000-5010}, 7000 is not; reached via the vmap
            expected.put("eth9", 0);
            assertEquals(expected, counters(ns));
        }
    }

    private static Map<String, Integer> counters(NftNetns ns) {
        String listed = ns.listRuleset();
        Matcher m = Pattern.compile("counter packets (\\d+) bytes \\d+ .*comment \"([^\"]+)\"").matcher(listed);
        Map<String, Integer> found = new LinkedHashMap<>();
        while (m.find()) {
            // a rule written as several (a short port list: one rule per port) counts as the sum of its copies
            found.merge(m.group(2), Integer.parseInt(m.group(1)), Integer::sum);
        }
        return ImmutableMap.copyOf(found);
    }
}
