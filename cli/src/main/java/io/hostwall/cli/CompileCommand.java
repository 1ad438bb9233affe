package io.hostwall.cli;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.net.IpFamily;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * {@code hostwall compile}: manifests → a node's ruleset.
 *
 * <p>{@code --backend ipset} is a deprecated alias, hidden from the help, for {@code --backend iptables --document
 * ipset}: scripts written before {@code --document} existed keep working, and print (or write) exactly what they
 * did. The backend's error message still lists it.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compiles the manifests in PATH... into the ruleset of a node.",
                "Without --out-dir (one node) the ruleset goes to stdout: the nft script, or for iptables the IPv4"
                        + " (--ip-version 6: IPv6) restore document; --document chooses another one (e.g. ipset).",
                "With --out-dir each node gets NODE.nft, or NODE.iptables, NODE.ip6tables and NODE.ipset (when it has sets);"
                        + " --document limits the files to that kind. A node name longer than 200 characters is cut to"
                        + " 183, '_' and 16 hex digits of its SHA-256."})
final class CompileCommand implements Callable<Integer> {
    /** The deprecated pseudo-backend: {@code --backend iptables --document ipset}. */
    private static final String IPSET_ALIAS = "ipset";
    /** The backend the alias stands for. */
    private static final String ALIAS_BACKEND = "iptables";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--backend", required = true, paramLabel = "nftables|iptables",
            description = "Which ruleset to produce.")
    String backend;

    @Option(names = "--document", paramLabel = "nft|iptables|ip6tables|ipset",
            description = "Which of the backend's documents to print (default: the backend's main one, see --ip-version);"
                    + " with --out-dir, the only kind of file to write.")
    String document;

    @ArgGroup(exclusive = true, multiplicity = "1")
    NodeSelection nodes;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Write one set of files per node into DIR.")
    Path outDir;

    @Option(names = "--ip-version", paramLabel = "4|6", defaultValue = "4",
            description = "With --backend iptables, stdout and no --document: which family's document to print (default 4).")
    int ipVersion;

    @Mixin
    CompilerFlags flags;

    @Mixin
    EmptyNodeFlag emptyNode;

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
        if (outDir != null && outDir.toString().isEmpty()) {
            // Path.of("") is the working directory: an unset shell variable must not write rulesets there.
            throw new UserInputException("--out-dir: the directory name is empty");
        }
        if (ipVersion != 4 && ipVersion != 6) {
            throw new UserInputException("--ip-version must be 4 or 6, not " + ipVersion);
        }
        boolean alias = backend.equals(IPSET_ALIAS) && Backends.named(ALIAS_BACKEND).isPresent();
        Backend b = Backends.named(alias ? ALIAS_BACKEND : backend).orElseThrow(() -> new UserInputException(
                "--backend must be one of " + String.join(", ", backendNames()) + ", not " + Quote.of(backend)));
        if (alias && document != null) {
            throw new UserInputException("--document needs a real backend; --backend ipset is --backend iptables --document ipset");
        }
        Optional<DocumentKind> only = alias ? Optional.of(DocumentKind.IPSET) : requestedDocument(b);
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
        List<String> nodeNames = nodes.resolve(set.get(), emptyNode.allowEmptyNode);
        if (nodeNames.isEmpty()) {
            throw new UserInputException("--all-nodes: the manifests have no HostEndpoint, so there is no node to compile");
        }
        if (outDir == null && nodeNames.size() > 1) {
            throw new UserInputException("--all-nodes found " + nodeNames.size() + " nodes; give --out-dir to write one file set per node");
        }
        if (outDir != null) {
            NodeFiles.requireDistinct(nodeNames);
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
            DocumentKind kind = only.orElseGet(() -> b.mainDocument(ipVersion == 6 ? IpFamily.V6 : IpFamily.V4));
            // A declared kind the ruleset needs none of (ipset without sets) is an empty document, not an error.
            out.print(rendered.values().iterator().next().document(kind).orElse(""));
            out.flush();
            return 0;
        }
        write(rendered, only);
        return 0;
    }

    /** The kind {@code --document} names, checked against what {@code b} renders; empty without the flag. */
    private Optional<DocumentKind> requestedDocument(Backend b) {
        if (document == null) {
            return Optional.empty();
        }
        DocumentKind kind = DocumentKind.ofSuffix(document).orElseThrow(() -> new UserInputException(
                "--document must be one of " + String.join(", ", Arrays.stream(DocumentKind.values())
                        .map(DocumentKind::suffix).toList()) + ", not " + Quote.of(document)));
        if (!b.documentKinds().contains(kind)) {
            throw new UserInputException("--document " + kind + ": backend " + b.name() + " renders only "
                    + String.join(", ", b.documentKinds().stream().map(DocumentKind::suffix).toList()));
        }
        return Optional.of(kind);
    }

    private void write(Map<String, RenderedRuleset> rendered, Optional<DocumentKind> only) {
        try {
            Files.createDirectories(outDir);
            for (Map.Entry<String, RenderedRuleset> e : rendered.entrySet()) {
                for (Map.Entry<DocumentKind, String> doc : e.getValue().documents().entrySet()) {
                    if (only.isPresent() && only.get() != doc.getKey()) {
                        continue;
                    }
                    Files.writeString(outDir.resolve(NodeFiles.fileName(e.getKey(), doc.getKey())), doc.getValue(),
                            StandardCharsets.UTF_8);
                }
            }
        } catch (IOException ex) {
            throw new UserInputException("cannot write to " + Quote.of(outDir.toString()) + ": " + Quote.cut(String.valueOf(ex.getMessage())));
        }
    }

    /** The names {@code --backend} accepts, as its error message lists them (the alias last, as it always was). */
    private static List<String> backendNames() {
        List<String> names = new ArrayList<>(Backends.all().keySet());
        if (names.contains(ALIAS_BACKEND)) {
            names.add(IPSET_ALIAS);
        }
        return names;
    }
}
