package io.hostwall.cli;

import io.hostwall.compiler.lint.Linter;
import io.hostwall.model.PolicySet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --node NAME | --all-nodes}. */
final class NodeSelection {
    /** How many known nodes an unknown-node error lists before "and N more". */
    static final int LISTED = 5;
    /** The most edits a suggestion may be away from the name given. */
    private static final int MAX_EDITS = 3;

    @Option(names = "--node", paramLabel = "NAME", description = "The node to compile for (a HostEndpoint's spec.node).")
    String node;

    @Option(names = "--all-nodes", description = "Every node that has a HostEndpoint.")
    boolean allNodes;

    /**
     * The chosen nodes; {@code --all-nodes} means every node with a host endpoint, sorted. A {@code --node} that no
     * host endpoint names is refused unless {@code allowEmpty}.
     */
    public List<String> resolve(PolicySet set, boolean allowEmpty) {
        if (node != null) {
            requireKnown(node, set, allowEmpty);
            return List.of(node);
        }
        return Linter.nodes(set);
    }

    /**
     * Refuses a node name that is malformed or, unless {@code allowEmpty}, that no host endpoint carries: such a
     * node compiles to a ruleset that protects nothing, so a typo would silently switch protection off.
     */
    static void requireKnown(String node, PolicySet set, boolean allowEmpty) {
        if (!node.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new UserInputException("--node: not a valid node name: " + Quote.of(node));
        }
        List<String> known = Linter.nodes(set);
        if (allowEmpty || known.contains(node)) {
            return;
        }
        StringBuilder m = new StringBuilder("--node ").append(Quote.of(node)).append(": no HostEndpoint names this node");
        if (known.isEmpty()) {
            m.append(", and the manifests have no HostEndpoint at all");
        } else {
            m.append("; the manifests know ").append(String.join(", ", known.subList(0, Math.min(LISTED, known.size()))));
            if (known.size() > LISTED) {
                m.append(" and ").append(known.size() - LISTED).append(" more");
            }
            closest(node, known).ifPresent(s -> m.append(" (did you mean ").append(s).append("?)"));
        }
        m.append(". Its ruleset would protect nothing; give --allow-empty-node if that is intended");
        throw new UserInputException(m.toString());
    }

    /** The known node fewest edits away from {@code node} (the first by name on a tie), if any is close. */
    static Optional<String> closest(String node, List<String> known) {
        int limit = Math.min(MAX_EDITS, Math.max(1, node.length() / 3));
        String best = null;
        int bestDistance = limit + 1;
        for (String k : known) {
            int d = distance(node, k, bestDistance - 1);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The Levenshtein distance of {@code a} and {@code b} when it is at most {@code max}, else {@code max + 1}; only
     * a band of width {@code 2 max + 1} is computed, so a long list of long names costs little.
     */
    static int distance(String a, String b, int max) {
        if (max < 0 || Math.abs(a.length() - b.length()) > max) {
            return max + 1;
        }
        int inf = max + 1;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j <= max ? j : inf;
        }
        for (int i = 1; i <= a.length(); i++) {
            java.util.Arrays.fill(cur, inf);
            cur[0] = i <= max ? i : inf;
            int from = Math.max(1, i - max);
            int to = Math.min(b.length(), i + max);
            int rowMin = cur[0];
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                cur[j] = Math.min(v, inf);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > max) {
                return inf;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], inf);
    }
}
