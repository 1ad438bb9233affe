package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.nftables.NftablesBackend;
import io.hostwall.spi.RenderOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compile --format json}: the nftables backend's JSON document, on stdout or as NODE.nft.json. */
class FormatJsonCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "protect-hosts");
    private static final List<String> TUTORIAL = Stream.of("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml",
            "03-host-endpoint.yaml", "04-allow-nodeport.yaml").map(f -> EXAMPLES.resolve(f).toString()).toList();

    record Run(int code, String out, String err) {}

    private static Run run(List<String> head) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(head.stream(), TUTORIAL.stream()).toArray(String[]::new);
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static String expectedJson(String table, boolean counters) throws Exception {
        CompiledNode node1 = Hostwall.create().compile(Hostwall.load(TUTORIAL.stream().map(Path::of).toList()), "node1");
        return new NftablesBackend().json(node1.ruleset(), new RenderOptions(table, counters));
    }

    @Test
    void printsTheJsonDocumentWithTheTableAndCounterOptions() throws Exception {
        Run r = run(List.of("compile", "--backend", "nftables", "--format", "json", "--node", "node1",
                "--table", "edge", "--counters"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{\"nftables\": [\n"), r.out());
        assertEquals(expectedJson("edge", true), r.out());
        Run same = run(List.of("compile", "--backend", "nftables", "--document", "nft.json", "--node", "node1",
                "--table", "edge", "--counters"));
        assertEquals(r, same);
    }

    @Test
    void textStaysTheDefault() {
        Run text = run(List.of("compile", "--backend", "nftables", "--node", "node1"));
        assertEquals(text, run(List.of("compile", "--backend", "nftables", "--format", "text", "--node", "node1")));
        assertTrue(text.out().contains("table inet hostwall {"));
    }

    @Test
    void outDirGetsOnlyTheJsonFiles(@TempDir Path dir) throws Exception {
        Run r = run(List.of("compile", "--backend", "nftables", "--format", "json", "--all-nodes", "--out-dir",
                dir.toString()));
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("node1.nft.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(expectedJson("hostwall", false), Files.readString(dir.resolve("node1.nft.json")));
    }

    @Test
    void misuseIsOneClearLineAndExit2() {
        Run iptables = run(List.of("compile", "--backend", "iptables", "--format", "json", "--node", "node1"));
        assertEquals(new Run(2, "", "hostwall: --format json: backend iptables has no JSON form (only nftables has)\n"),
                iptables);
        Run both = run(List.of("compile", "--backend", "nftables", "--format", "json", "--document", "nft",
                "--node", "node1"));
        assertEquals(new Run(2, "", "hostwall: --format json prints the nft.json document; it cannot be combined with"
                + " --document nft\n"), both);
        Run unknown = run(List.of("compile", "--backend", "nftables", "--format", "yaml", "--node", "node1"));
        assertEquals(new Run(2, "", "hostwall: --format must be text or json, not \"yaml\"\n"), unknown);
    }
}
