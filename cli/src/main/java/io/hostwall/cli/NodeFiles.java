package io.hostwall.cli;

import com.google.common.hash.Hashing;
import io.hostwall.spi.DocumentKind;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one mapping from node names to the names of the files written for them ({@code --out-dir}), used by every
 * command that writes per-node files.
 *
 * <p>A node name is a DNS-1123 subdomain of up to 253 characters, but a Linux file name holds at most 255 bytes
 * (NAME_MAX) and the suffix ({@code .ip6tables}) adds up to 10: so a name of at most {@value #MAX_KEPT} characters is
 * used as it is, and a longer one (or, defensively, anything that is not a plain node name) becomes its first
 * {@value #KEPT_PREFIX} characters (anything but {@code [a-z0-9.-]} replaced by {@code -}), an underscore and the
 * first 16 hex digits of the SHA-256 of the whole name. Node names never contain {@code _}, so a shortened name can
 * never be mistaken for a node that fits, and two long names that share their first characters still differ in the
 * hash. The mapping depends on the name alone: the same node always gets the same file.
 */
final class NodeFiles {
    /** Names up to this many characters are file names as they are. */
    static final int MAX_KEPT = 200;
    /** How much of a longer name its file name keeps, before {@code _} and 16 hex digits: 200 in all. */
    static final int KEPT_PREFIX = MAX_KEPT - 17;

    private static final Pattern PLAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private NodeFiles() {}

    /** The file name (without directory) of {@code node}'s document of {@code kind}. */
    static String fileName(String node, DocumentKind kind) {
        return stem(node) + "." + kind.suffix();
    }

    /** The part of {@code node}'s file names before the suffix: at most {@value #MAX_KEPT} ASCII characters. */
    static String stem(String node) {
        if (node.length() <= MAX_KEPT && PLAIN.matcher(node).matches() && !node.contains("..")) {
            return node;
        }
        StringBuilder cut = new StringBuilder(KEPT_PREFIX);
        for (int i = 0; i < node.length() && cut.length() < KEPT_PREFIX; i++) {
            char c = node.charAt(i);
            cut.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (c == '.' && i > 0) ? c : '-');
        }
        String hash = Hashing.sha256().hashString(node, StandardCharsets.UTF_8).toString().substring(0, 16);
        return cut + "_" + hash;
    }

    /**
     * Refuses a set of nodes two of which would share a file (a 64-bit hash collision, which the mapping makes
     * astronomically unlikely, but a firewall tool must not overwrite one node's ruleset with another's).
     */
    static void requireDistinct(Iterable<String> nodes) {
        requireDistinct(nodes, NodeFiles::stem);
    }

    /** {@link #requireDistinct(Iterable)} with another mapping, so that tests can make one collide. */
    static void requireDistinct(Iterable<String> nodes, Function<String, String> stem) {
        Map<String, String> byStem = new HashMap<>();
        for (String node : nodes) {
            String other = byStem.putIfAbsent(stem.apply(node), node);
            if (other != null && !other.equals(node)) {
                throw new UserInputException("nodes " + Quote.of(other) + " and " + Quote.of(node)
                        + " would be written to the same file " + Quote.of(stem.apply(node))
                        + "; compile them one at a time");
            }
        }
    }
}
