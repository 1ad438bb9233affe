package io.hostwall.nftables;

import io.hostwall.net.InterfaceName;
import com.google.common.collect.ImmutableSet;
import com.google.common.io.Resources;
import io.hostwall.ir.HashedNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names that appear unquoted (table, chain, set and map names) or quoted (interface names) in the script.
 *
 * <p>nft cannot quote table, chain or set names (nft 1.0.6: "unexpected quoted string, expecting string"), so
 * every such name is checked instead: it must lex as one nft {@code string} token ({@code [A-Za-z][A-Za-z0-9_.-]*};
 * a leading digit lexes as a number, a leading {@code -} as an operator) and must not be an nft keyword ({@code tcp},
 * {@code counter}, {@code ip6}... are tokens, not strings). A name that fails is a bug upstream, so rendering fails
 * loudly instead of writing a script that loads something else.
 */
final class NftNames {
    /** Kernel NFT_NAME_MAXLEN / NFT_SET_MAXNAMELEN is 256 including the terminating NUL. */
    static final int MAX_NAME = 255;

    /** IFNAMSIZ - 1. */
    static final int MAX_IFNAME = InterfaceName.MAX_LENGTH;

    private static final ImmutableSet<String> KEYWORDS = loadKeywords();

    /**
     * Names already found valid (validity depends on the name alone). Every render checks every set and chain name
     * again, and the IR hands over the same String objects each time, so a lookup is a hash and an identity check
     * where the check was a scan plus a keyword lookup (JFR, issue 10: a tenth of a live sync's render). Bounded:
     * past the limit names are simply checked each time.
     */
    private static final Set<String> VALID = ConcurrentHashMap.newKeySet();

    private static final int MAX_REMEMBERED = 1 << 18;

    private NftNames() {}

    /**
     * Checks a table, chain, set or map name and returns it.
     *
     * @param what what the name names, for the error message
     * @throws IllegalArgumentException when nft would not read the name back as that one name
     */
    static String object(String what, String name) {
        if (VALID.contains(name)) {
            return name;
        }
        if (name.isEmpty() || name.length() > MAX_NAME || !lexesAsString(name)) {
            throw new IllegalArgumentException(what + " name " + NftStrings.visible(name)
                    + " is not a valid nft name: it must match [A-Za-z][A-Za-z0-9_.-]* and be at most "
                    + MAX_NAME + " characters");
        }
        if (KEYWORDS.contains(name)) {
            throw new IllegalArgumentException(what + " name " + NftStrings.visible(name)
                    + " is an nft keyword and cannot be used unquoted");
        }
        if (VALID.size() < MAX_REMEMBERED) {
            VALID.add(name);
        }
        return name;
    }

    /**
     * Whether {@code name} matches {@code [A-Za-z][A-Za-z0-9_.-]*}. A loop, not a regular expression: every rule's
     * chain, set and map names pass here, and the regex was an eighth of rendering a node (JFR, issue 10).
     */
    private static boolean lexesAsString(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The quoted nft string for an interface match: {@code "eth0"}, or {@code "cali*"} for a prefix.
     *
     * <p>nft strings cannot escape a quote, so the name is validated, not escaped. A prefix uses one byte for the
     * {@code *} and nft refuses more than 16 bytes, so a 15-character prefix is rendered as the exact name: no
     * longer interface name exists that it could also match. Names follow {@link InterfaceName}, the rule the model
     * enforces, so whatever the model accepts renders.
     */
    static String ifname(String name, boolean prefix) {
        return "\"" + ifnameValue(name, prefix) + "\"";
    }

    /** {@link #ifname} without the quotes: the string value, as JSON holds it. */
    static String ifnameValue(String name, boolean prefix) {
        boolean valid = InterfaceName.isValid(name) || (prefix && InterfaceName.isValidPrefix(name));
        if (!valid) {
            throw new IllegalArgumentException("interface name " + NftStrings.visible(name)
                    + " is not valid: it must be " + InterfaceName.RULE);
        }
        boolean wildcard = prefix && name.length() < MAX_IFNAME;
        return name + (wildcard ? "*" : "");
    }

    /**
     * A content-addressed name: {@code <kind>-<first 16 hex digits of SHA-256(content)>}. Equal content gives
     * an equal name, so rules that need the same set share it; 64 bits make an accidental collision (which the
     * registry still detects) practically impossible within one ruleset.
     */
    static String hashed(String kind, String content) {
        return kind + "-" + HashedNames.sha256Hex(content, 8);
    }

    private static ImmutableSet<String> loadKeywords() {
        // Looked up by this class, not by Guava's Resources.getResource: in a named module a resource of a package
        // is found only by callers in the module (or one the package is opened to).
        URL keywords = NftNames.class.getResource("nft-keywords.txt");
        if (keywords == null) {
            throw new IllegalStateException("nft-keywords.txt is missing beside " + NftNames.class.getName());
        }
        try {
            return Resources.readLines(keywords, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(ImmutableSet.toImmutableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
