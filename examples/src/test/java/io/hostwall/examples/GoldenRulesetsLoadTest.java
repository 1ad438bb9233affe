package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hostwall.ir.testing.ScratchNetns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden ruleset loads into a real kernel: {@code nft -c -f} for nft scripts; {@code ipset restore} then
 * {@code iptables-restore --test} / {@code ip6tables-restore --test} for the iptables documents — each in a
 * scratch network namespace.
 */
class GoldenRulesetsLoadTest {

    @TestFactory
    Stream<DynamicTest> everyGoldenRulesetLoads() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenarios.Scenario s : Scenarios.ALL) {
            Path dir = Scenarios.golden(s);
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.sorted().toList();
            }
            assertFalse(files.isEmpty(), "golden files exist in " + dir);
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".nft")) {
                    tests.add(DynamicTest.dynamicTest(s.name() + "/" + name, () -> loadNft(f)));
                } else if (name.endsWith(".iptables") || name.endsWith(".ip6tables")) {
                    tests.add(DynamicTest.dynamicTest(s.name() + "/" + name, () -> loadIptables(f)));
                }
            }
        }
        return tests.stream();
    }

    private static void loadNft(Path script) throws Exception {
        try (ScratchNetns ns = ScratchNetns.create("nft")) {
            ScratchNetns.Result r = ns.pipe(read(script), "nft", "-c", "-f", "-");
            assertEquals(0, r.exit(), "nft -c -f " + script + ":\n" + r.output());
        }
    }

    private static void loadIptables(Path doc) throws Exception {
        String name = doc.getFileName().toString();
        String node = name.substring(0, name.lastIndexOf('.'));
        Path ipset = doc.resolveSibling(node + ".ipset");
        boolean v6 = name.endsWith(".ip6tables");
        try (ScratchNetns ns = ScratchNetns.create("iptables-restore", "ip6tables-restore", "ipset")) {
            if (Files.exists(ipset)) {
                ScratchNetns.Result sets = ns.pipe(read(ipset), "ipset", "restore");
                assertEquals(0, sets.exit(), "ipset restore " + ipset + ":\n" + sets.output());
            }
            ScratchNetns.Result r = ns.pipe(read(doc), v6 ? "ip6tables-restore" : "iptables-restore", "--test");
            assertEquals(0, r.exit(), (v6 ? "ip6tables-restore" : "iptables-restore") + " --test " + doc + ":\n" + r.output());
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
