package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.ir.HashedNames;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ChainNames} scans names by hand; these are the regular expressions it replaced, and the naming rule written
 * with them, as the oracle: every name gets the same iptables name.
 */
class ChainNamesProperties {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]*");
    private static final Pattern HEAD = Pattern.compile("^([A-Za-z][A-Za-z0-9]{0,5}-(?:[A-Za-z0-9]{1,5}-)?)");

    private static String oracleHead(String name) {
        Matcher m = HEAD.matcher(name);
        return m.find() ? m.group(1) : "x-";
    }

    private static String oracle(String name) {
        String head = oracleHead(name);
        String rest = name.substring(Math.min(head.length(), name.length()));
        if (name.startsWith(head) && SAFE.matcher(name).matches() && name.contains("-")) {
            return HashedNames.lengthLimited(head, rest, ChainNames.MAX);
        }
        return HashedNames.hashed(head, name, ChainNames.MAX);
    }

    @Provide
    Arbitrary<String> names() {
        // the characters where the rules change, heads of every length, and lengths around 28
        Arbitrary<String> any = Arbitraries.strings().withChars("aZ09-_.x !ä\n").ofMinLength(0).ofMaxLength(34);
        Arbitrary<String> headed = Arbitraries.strings().withChars("abZ09-").ofMinLength(1).ofMaxLength(14)
                .flatMap(h -> Arbitraries.strings().withChars("ab09-_.").ofMinLength(0).ofMaxLength(30).map(r -> h + r));
        return Arbitraries.oneOf(any, headed);
    }

    @Property(tries = 5000)
    void namesAreThoseTheRegularExpressionsGive(@ForAll("names") String name) {
        String head = oracleHead(name);
        assertEquals(name.startsWith(head) && name.contains("-") ? head.length() : 0, ChainNames.headLength(name),
                name);
        assertEquals(SAFE.matcher(name).matches(), ChainNames.safe(name), name);
        assertEquals(oracle(name), ChainNames.of(name), name);
    }

    @Example
    void edgesOfTheHead() {
        for (String name : new String[] {"a-", "abcdef-", "abcdefg-", "a-b-", "a-bcdef-", "a-bcdefg-", "a-b", "-a-",
            "9a-", "hw-pi-_abcdefghijklmnopqrstu", "hw-pi-abcdefghijklmnopqrstuv", "hw-pi-abcdefghijklmnopqrstuvw",
            "x-", "ab", ""}) {
            assertEquals(oracle(name), ChainNames.of(name), name);
        }
    }
}
