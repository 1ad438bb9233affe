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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
                        + " 183, '_' and 16 hex digits of its SHA-256.",
                "--format json gives the nftables table as libnftables JSON (nft -j -f) instead of the script."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # node1's nft script, on stdout:",
                "  hostwall compile --backend nftables --node node1 examples/protect-hosts/*.yaml",
                "  # the same table as JSON, checked by nft without loading it:",
                "  hostwall compile --backend nftables --format json --node node1 \\",
                "      examples/protect-hosts/*.yaml > node1.nft.json && nft -j -c -f node1.nft.json",
                "  # every node's iptables, ip6tables and ipset files, with its interfaces:",
                "  hostwall compile --backend iptables --all-nodes --out-dir out \\",
                "      --host-facts facts.yaml manifests/"})
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

    @Option(names = "--document", paramLabel = "nft|nft.json|iptables|ip6tables|ipset",
            description = "Which of the backend's documents to print (default: the backend's main one, see --ip-version);"
                    + " with --out-dir, the only kind of file to write.")
    String document;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default): the nft script; json: the same table as libnftables JSON for nft -j -f"
                    + " (--backend nftables only; the document nft.json, files NODE.nft.json).")
    String format;

    @ArgGroup(exclusive = true, multiplicity = "1")
    NodeSelection nodes;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Write one set of files per node into DIR.")
    Path outDir;

    @Option(names = "--progress", description = "With several nodes, show \"compiled N/M nodes\" on stderr even when"
            + " it is not a terminal (by default only on an interactive terminal, never in pipes or CI logs).")
    boolean progressFlag;

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
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserInputException("--format must be text or json, not " + Quote.of(format));
        }
        if (format.equals("json")) {
            only = Optional.of(jsonDocument(b, only));
        }
        RenderOptions renderOptions;
        try {
            renderOptions = new RenderOptions(table, counters);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--table: " + e.getMessage());
        }
        CompileOptions options = flags.toOptions();
        Optional<HostFacts> facts = flags.hostFacts(err);
        if (facts.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        Optional<PolicySet> set = Inputs.load(paths, err);
        if (set.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
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
        Progress progress = new Progress(err, nodeNames.size(),
                nodeNames.size() > 1 && (progressFlag || System.console() != null));
        boolean outDirExisted = outDir != null && Files.isDirectory(outDir);
        Path staging = outDir == null ? null : createStaging();
        List<Path> written = Collections.synchronizedList(new ArrayList<>());
        // Every core compiles its share of the nodes (one Hostwall: the cluster's share of the work, such as the
        // policies' chains, is done once and shared); results are gathered in node order, so output is the same
        // bytes whatever the scheduling. A node's files are written as soon as it is rendered, so memory holds a few
        // nodes' documents, not a thousand.
        Optional<DocumentKind> wanted = only;
        List<NodeResult> results;
        try {
            results = nodeNames.parallelStream().map(node -> {
                try {
                    CompiledNode compiled = hostwall.compile(set.get(), node, facts.get().of(node));
                    RenderedRuleset r = wanted.isPresent()
                            ? b.render(compiled.ruleset(), renderOptions, Set.of(wanted.get()))
                            : compiled.render(b, renderOptions);
                    if (outDir != null) {
                        write(node, r, wanted, staging, written);
                    }
                    progress.step();
                    return new NodeResult(compiled.warnings(), outDir == null ? Optional.of(r) : Optional.empty(),
                            Optional.<CompileException>empty());
                } catch (CompileException e) {
                    progress.step();
                    return new NodeResult(List.of(), Optional.empty(), Optional.of(e));
                }
            }).toList();
        } catch (RuntimeException e) {
            if (staging != null) {
                discard(staging, written);
            }
            throw e;
        }
        progress.done();
        List<Problem> warnings = new ArrayList<>();
        for (NodeResult r : results) {
            if (r.failure().isPresent()) {
                // As before: a failed compile leaves the output directory as it was.
                if (staging != null) {
                    discard(staging, written);
                    if (!outDirExisted) {
                        discard(outDir, List.of());
                    }
                }
                return Inputs.compileFailed(r.failure().get(), err);
            }
            warnings.addAll(r.warnings());
        }
        for (Problem w : warnings) {
            err.println("warning: " + w);
        }
        if (outDir == null) {
            DocumentKind kind = only.orElseGet(() -> b.mainDocument(ipVersion == 6 ? IpFamily.V6 : IpFamily.V4));
            // A declared kind the ruleset needs none of (ipset without sets) is an empty document, not an error.
            out.print(results.get(0).rendered().orElseThrow().document(kind).orElse(""));
            out.flush();
            return ExitCode.OK.code();
        }
        publish(staging, written);
        return ExitCode.OK.code();
    }

    /** One node's outcome: its warnings, its documents (only when printed to stdout), or why it failed. */
    private record NodeResult(List<Problem> warnings, Optional<RenderedRuleset> rendered,
            Optional<CompileException> failure) {}

    /** "compiled 17/1000 nodes" on stderr, rewritten in place; only when a person is watching a terminal. */
    private static final class Progress {
        private final PrintWriter err;
        private final int total;
        private final boolean enabled;
        private int done;

        Progress(PrintWriter err, int total, boolean enabled) {
            this.err = err;
            this.total = total;
            this.enabled = enabled;
        }

        synchronized void step() {
            done++;
            if (enabled) {
                err.print("\rcompiled " + done + "/" + total + " nodes");
                err.flush();
            }
        }

        synchronized void done() {
            if (enabled) {
                err.println();
                err.flush();
            }
        }
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

    private void write(String node, RenderedRuleset rendered, Optional<DocumentKind> only, Path staging,
            List<Path> written) {
        try {
            for (Map.Entry<DocumentKind, String> doc : rendered.documents().entrySet()) {
                if (only.isPresent() && only.get() != doc.getKey()) {
                    continue;
                }
                Path file = staging.resolve(NodeFiles.fileName(node, doc.getKey()));
                Files.writeString(file, doc.getValue(), StandardCharsets.UTF_8);
                written.add(file);
            }
        } catch (IOException ex) {
            throw new UserInputException("cannot write to " + Quote.of(outDir.toString()) + ": " + Quote.cut(String.valueOf(ex.getMessage())));
        }
    }

    /**
     * Nodes are written as they are rendered (memory holds a few nodes' documents, not a thousand), into a staging
     * directory inside {@code --out-dir}: only when every node compiled are the files moved into place, so a failed
     * run leaves the directory as it was, as it always did.
     */
    private Path createStaging() {
        try {
            Files.createDirectories(outDir);
            return Files.createTempDirectory(outDir, ".hostwall-staging-");
        } catch (IOException ex) {
            throw new UserInputException("cannot write to " + outDir + ": " + ex.getMessage());
        }
    }

    private void publish(Path staging, List<Path> written) {
        try {
            for (Path file : written) {
                Path target = outDir.resolve(file.getFileName());
                try {
                    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.deleteIfExists(staging);
        } catch (IOException ex) {
            throw new UserInputException("cannot write to " + outDir + ": " + ex.getMessage());
        }
    }

    private static void discard(Path staging, List<Path> written) {
        try {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(staging);
        } catch (IOException ignored) {
            // best effort: the compile failure is what the user must see
        }
    }

    /**
     * The document {@code --format json} stands for: the backend's JSON kind. With {@code --document} as well, that
     * must name the same kind; anything else would leave the user guessing which flag won.
     */
    private static DocumentKind jsonDocument(Backend b, Optional<DocumentKind> requested) {
        if (!b.documentKinds().contains(DocumentKind.NFT_JSON)) {
            throw new UserInputException("--format json: backend " + b.name() + " has no JSON form (only nftables has)");
        }
        if (requested.isPresent() && requested.get() != DocumentKind.NFT_JSON) {
            throw new UserInputException("--format json prints the " + DocumentKind.NFT_JSON + " document; it cannot be"
                    + " combined with --document " + requested.get());
        }
        return DocumentKind.NFT_JSON;
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
