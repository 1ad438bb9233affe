package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.*;
import static io.hostwall.net.IpFamily.V4;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.ir.Hook;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A negated ICMP type means NOT (ICMP of that type) and is true for every non-ICMP packet; iptables can only say
 * {@code ! --icmp-type} behind {@code -p icmp}. Real packets between two namespaces show that the rendering (two
 * disjoint rules, and a guard chain when a negated protocol comes too) counts exactly the packets the IR rule
 * matches: echo requests not, echo replies, UDP and TCP yes, and, with "not UDP", UDP not.
 */
class IcmpNegationKernelTest {
    private static final Pattern COUNTED = Pattern.compile("^\\[(\\d+):\\d+] -A (\\S+) ");

    @Test
    void realPacketsMeetTheNegationExactly() {
        Ruleset r = ruleset("server")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                        rule(setMark(0x1, 0x1), notIcmp(V4, 8)),
                        rule(setMark(0x2, 0x2), notProto(17), notIcmp(V4, 8)))
                .build();
        try (IptablesNetns client = IptablesNetns.create(); IptablesNetns server = IptablesNetns.create()) {
            client.exec("ip", "link", "add", "hwc0", "type", "veth", "peer", "name", "hws0", "netns", server.name()).orFail();
            client.exec("ip", "addr", "add", "10.99.0.1/24", "dev", "hwc0").orFail();
            client.exec("ip", "link", "set", "hwc0", "up").orFail();
            server.exec("ip", "addr", "add", "10.99.0.2/24", "dev", "hws0").orFail();
            server.exec("ip", "link", "set", "hws0", "up").orFail();
            KernelLoadTest.load(server, r);

            client.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "10.99.0.2").orFail(); // 3 echo requests in
            server.exec("ping", "-c", "2", "-i", "0.2", "-W", "2", "10.99.0.1").orFail(); // 2 echo replies in
            client.exec("bash", "-c", "echo a > /dev/udp/10.99.0.2/9; echo b > /dev/udp/10.99.0.2/9").orFail();
            client.exec("bash", "-c", "echo > /dev/tcp/10.99.0.2/1 || true").orFail(); // one SYN, refused

            String helper = ChainNames.helper("hw-filter-input", 1, "guard");
            String counted = server.exec("iptables-save", "-c", "-t", "filter").orFail().out();
            assertEquals(List.of(
                            3L, // ! -p icmp: 2 UDP + 1 TCP
                            2L, // -p icmp ! --icmp-type 8: the 2 echo replies, none of the 3 requests
                            3L, // (rule 2) ! -p icmp → helper
                            2L), // (rule 2) -p icmp ! --icmp-type 8 → helper
                    packets(counted, "hw-filter-input"), counted);
            assertEquals(List.of(
                            2L, // -p udp -j RETURN: the guard keeps UDP out
                            3L), // the action: 1 TCP + 2 echo replies
                    packets(counted, helper), counted);
        }
    }

    private static List<Long> packets(String save, String chain) {
        List<Long> out = new ArrayList<>();
        for (String line : save.split("\n")) {
            Matcher m = COUNTED.matcher(line);
            if (m.find() && m.group(2).equals(chain)) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }
}
