package io.hostwall.cli;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hostwall compile}: manifests → a node's ruleset. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compiles the manifests in PATH... into the ruleset of a node.",
                "Without --out-dir (one node) the ruleset goes to stdout: the nft script, or for iptables the IPv4"
                        + " (--ip-version 6: IPv6) restore document; --backend ipset prints the ipset document.",
                "With --out-dir each node gets NODE.nft, or NODE.iptables, NODE.ip6tables and NODE.ipset (when it has sets)."})
final class CompileCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--backend", required = true, paramLabel = "nftables|iptables|ipset",
            description = "Which ruleset to produce.")
    String backend;

    @ArgGroup(exclusive = true, multiplicity = "1")
    NodeSelection nodes;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Write one set of files per node into DIR.")
    Path outDir;

    @Option(names = "--ip-version", paramLabel = "4|6", defaultValue = "4",
            description = "With --backend iptables and stdout: which family's document to print (default 4).")
    int ipVersion;

    @Mixin
    CompilerFlags flags;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = RenderOptions.DEFAULT_TABLE,
            description = "nftables table name (default ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--counters", description = "Add a counter to every nftables rule.")
    boolean counters;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or directories (*.yaml, *.yml, *.json).")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (ipVersion != 4 && ipVersion != 6) {
            throw new UserInputException("--ip-version must be 4 or 6, not " + ipVersion);
        }
        String backendName = backend.equals("ipset") ? "iptables" : backend;
        Backend b = Backends.named(backendName).orElseThrow(() -> new UserInputException(
                "--backend must be one of " + String.join(", ", backendNames()) + ", not " + Quote.of(backend)));
        RenderOptions renderOptions;
        try {
            renderOptions = new RenderOptions(table, counters);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--table: " + e.getMessage());
        }
        CompileOptions options = flags.toOptions();
        Optional<HostFacts> facts = flags.hostFacts(err);
        if (facts.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        Optional<PolicySet> set = Inputs.load(paths, err);
        if (set.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        List<String> nodeNames = nodes.resolve(set.get());
        if (nodeNames.isEmpty()) {
            throw new UserInputException("--all-nodes: the manifests have no HostEndpoint, so there is no node to compile");
        }
        if (outDir == null && nodeNames.size() > 1) {
            throw new UserInputException("--all-nodes found " + nodeNames.size() + " nodes; give --out-dir to write one file set per node");
        }
        Hostwall hostwall = Hostwall.create(options);
        Map<String, RenderedRuleset> rendered = new TreeMap<>();
        List<Problem> warnings = new ArrayList<>();
        for (String node : nodeNames) {
            try {
                CompiledNode compiled = hostwall.compile(set.get(), node, facts.get().of(node));
                warnings.addAll(compiled.warnings());
                rendered.put(node, compiled.render(b, renderOptions));
            } catch (CompileException e) {
                return Inputs.compileFailed(e, err);
            }
        }
        for (Problem w : warnings) {
            err.println("warning: " + w);
        }
        if (outDir == null) {
            String key = switch (backend) {
                case "ipset" -> "ipset";
                case "iptables" -> ipVersion == 6 ? "ip6tables" : "iptables";
                default -> "nft";
            };
            String doc = rendered.values().iterator().next().documents().get(key);
            if (doc == null && key.equals("ipset")) {
                doc = "";
            }
            if (doc == null) {
                throw new IllegalStateException("backend " + b.name() + " produced no " + key + " document");
            }
            out.print(doc);
            out.flush();
            return 0;
        }
        write(rendered);
        return 0;
    }

    private void write(Map<String, RenderedRuleset> rendered) {
        try {
            Files.createDirectories(outDir);
            for (Map.Entry<String, RenderedRuleset> e : rendered.entrySet()) {
                for (Map.Entry<String, String> doc : e.getValue().documents().entrySet()) {
                    if (backend.equals("ipset") && !doc.getKey().equals("ipset")) {
                        continue;
                    }
                    Files.writeString(outDir.resolve(e.getKey() + "." + doc.getKey()), doc.getValue(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException ex) {
            throw new UserInputException("cannot write to " + outDir + ": " + ex.getMessage());
        }
    }

    private static List<String> backendNames() {
        List<String> names = new ArrayList<>(Backends.all().keySet());
        if (names.contains("iptables")) {
            names.add("ipset");
        }
        return names;
    }
}
