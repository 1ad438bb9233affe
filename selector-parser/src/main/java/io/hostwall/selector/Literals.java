package io.hostwall.selector;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * String literals: Calico's quoting rule and the byte order of value sets
 * (selector-semantics.md §2.4 and §6).
 */
final class Literals {
    /**
     * UTF-8 byte order, which is what Go's string comparison gives. It equals code point order,
     * not {@link String#compareTo} (UTF-16 units), which differs above U+FFFF.
     */
    static final Comparator<String> UTF8_ORDER = Literals::compareUtf8;

    private Literals() {
    }

    /**
     * Checks a value given to an AST record. The language has no escapes, so a value holding both
     * quote characters could not be printed in a form that parses again.
     */
    static String requireQuotable(String value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("a selector value cannot hold both ' and \" (the language has "
                    + "no escapes): " + value);
        }
        return value;
    }

    /** {@code "v"}, or {@code 'v'} when v holds a double quote: Calico's only quoting rule. */
    static void appendQuoted(StringBuilder out, String value) {
        char quote = value.indexOf('"') >= 0 ? '\'' : '"';
        out.append(quote).append(value).append(quote);
    }

    /** The values de-duplicated and sorted by UTF-8 bytes, as Calico's StringSet keeps them. */
    static ImmutableSet<String> canonicalSet(Collection<String> values) {
        if (values instanceof ImmutableSet<String> set && isCanonical(set)) {
            return set; // what the parser and the analysis pass in: nothing to copy or sort
        }
        List<String> sorted = new ArrayList<>(values.size());
        for (String v : values) {
            sorted.add(requireQuotable(v));
        }
        sorted.sort(UTF8_ORDER);
        return ImmutableSet.copyOf(sorted);
    }

    /** The first {@code n} values, de-duplicated and sorted by UTF-8 bytes; sorts {@code values} in place. */
    static ImmutableSet<String> canonicalSet(String[] values, int n) {
        for (int i = 0; i < n; i++) {
            requireQuotable(values[i]);
        }
        Arrays.sort(values, 0, n, UTF8_ORDER);
        switch (n) {
            case 1:
                return ImmutableSet.of(values[0]);
            case 2:
                return ImmutableSet.of(values[0], values[1]);
            default:
                return ImmutableSet.copyOf(Arrays.copyOf(values, n));
        }
    }

    /** Sorted strictly (so without duplicates) by UTF-8 bytes, and printable. */
    private static boolean isCanonical(ImmutableSet<String> set) {
        String previous = null;
        for (String v : set) { // not asList(): that builds a view object per set
            requireQuotable(v);
            if (previous != null && compareUtf8(previous, v) >= 0) {
                return false;
            }
            previous = v;
        }
        return true;
    }

    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
