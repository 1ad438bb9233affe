package io.hostwall.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network namespace this process runs in, named by the inode of {@code /proc/self/ns/net}: two processes see
 * the same number exactly when they share the namespace, so {@code ip netns exec NS hostwall apply ...} finds its own
 * state file and never another namespace's.
 */
final class NetworkNamespace {
    private static final Path NET = Path.of("/proc/self/ns/net");
    private static final Pattern LINK = Pattern.compile("net:\\[(\\d+)]");

    private NetworkNamespace() {}

    /** {@return the namespace's inode number, e.g. {@code 4026531840}} */
    static String id() {
        try {
            String link = Files.readSymbolicLink(NET).toString();
            Matcher m = LINK.matcher(link);
            if (m.matches()) {
                return m.group(1);
            }
            throw new UserInputException("cannot tell the network namespace: " + NET + " links to " + Quote.of(link));
        } catch (IOException | UnsupportedOperationException e) {
            throw new UserInputException("cannot tell the network namespace (" + NET + "): " + e.getMessage());
        }
    }
}
