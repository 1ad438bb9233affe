package io.hostwall.maven;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.model.PolicySet;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The golden files of a set of nodes and backends: file name → content, named as {@code hostwall compile --out-dir}
 * names them ({@code NODE.nft}, {@code NODE.iptables}, {@code NODE.ip6tables}, {@code NODE.ipset} when the node has
 * sets), so the files a build checks are the files a person gets from the CLI.
 */
final class RulesetFiles {
    private RulesetFiles() {}

    /** What to render. {@code nodes} empty means every node that has a host endpoint. */
    record Selection(List<String> nodes, List<Backend> backends) {

        /** The document kinds the backends render: the suffixes of files this selection owns. */
        Set<DocumentKind> kinds() {
            Set<DocumentKind> kinds = new LinkedHashSet<>();
            backends.forEach(b -> kinds.addAll(b.documentKinds()));
            return kinds;
        }
    }

    /** The backends named, in order; an unknown name is the user's mistake. */
    static List<Backend> backends(List<String> names) throws IllegalArgumentException {
        List<Backend> out = new ArrayList<>();
        for (String n : names) {
            out.add(Backends.named(n).orElseThrow(() -> new IllegalArgumentException("no backend \"" + n
                    + "\"; there are " + String.join(", ", Backends.all().keySet()))));
        }
        return out;
    }

    /** The nodes of the selection in {@code cluster}, sorted as {@code --all-nodes} sorts them. */
    static List<String> nodes(PolicySet cluster, Selection s) {
        return s.nodes().isEmpty() ? Hostwall.nodes(cluster) : s.nodes().stream().sorted().distinct().toList();
    }

    static SortedMap<String, String> render(PolicySet cluster, Selection s, CompileOptions options)
            throws CompileException {
        Hostwall hostwall = Hostwall.create(options);
        SortedMap<String, String> files = new TreeMap<>();
        for (String node : nodes(cluster, s)) {
            CompiledNode compiled = hostwall.compile(cluster, node, NodeFacts.none());
            for (Backend b : s.backends()) {
                for (Map.Entry<DocumentKind, String> doc : compiled.render(b, RenderOptions.defaults()).documents()
                        .entrySet()) {
                    files.put(node + "." + doc.getKey().suffix(), doc.getValue());
                }
            }
        }
        return files;
    }
}
