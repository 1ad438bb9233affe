package io.hostwall.iptables.legacy;

import java.util.Arrays;

/** Joins match fragments into one rule text: single blanks, empty parts left out. */
final class Fragments {
    private Fragments() {}

    static String join(String... parts) {
        return join(Arrays.asList(parts)); // every rule line goes through here: no stream
    }

    static String join(Iterable<String> parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(p);
            }
        }
        return b.toString();
    }
}
