package io.hostwall.iptables;

import io.hostwall.ir.HashedNames;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code ipset restore} input that works on a fresh host and on one where the sets already exist and
 * iptables rules use them (a set in use cannot be destroyed). Per set:
 *
 * <pre>
 * create NAME TYPE family F maxelem M initval V -exist      (no-op when it exists)
 * create NAME:t TYPE family F maxelem M initval V -exist    (a leftover of an interrupted run is reused)
 * flush NAME:t
 * add NAME:t MEMBER ...
 * swap NAME:t NAME                                           (atomic: rules see old or new content)
 * destroy NAME:t
 * </pre>
 *
 * The temporary name contains a {@code :}, which IR set names never do, so it cannot meet a real set of this or
 * any other version of the ruleset. The hash seed (initval) is fixed per name so that re-applying leaves
 * {@code ipset save} unchanged; the seed only spreads lookups over buckets whose length the kernel bounds, and
 * members are chosen by the operator, not by packets, so a known seed buys an attacker nothing.
 */
final class IpsetDocumentWriter {
    /** Felix's MaxIpsetSize (FR §8.7). */
    static final int MAX_ELEMENTS = 1 << 20;
    static final int MAX_NAME = 31;
    private static final String TMP_SUFFIX = ":t";

    private IpsetDocumentWriter() {}

    /**
     * One set as the kernel is to hold it: its name, its declaration (type, family and options after {@code create
     * NAME}, without {@code -exist}) and its members as {@code add NAME} takes them.
     */
    record SetLines(String name, String declaration, List<String> members) {}

    static String write(String header, List<IpSet> sets) {
        List<SetLines> lines = new ArrayList<>(sets.size());
        StringBuilder scratch = new StringBuilder(64);
        int pieces = 1;
        for (IpSet set : sets) {
            SetLines s = lines(set, scratch);
            lines.add(s);
            pieces += 1 + 2 * s.members().size();
        }
        TextPieces out = new TextPieces(pieces);
        StringBuilder small = new StringBuilder(256);
        for (String line : header.split("\n")) {
            small.append("# ").append(IptablesText.headerText(line)).append('\n');
        }
        for (SetLines s : lines) {
            // what swapIn writes, with each member as two pieces ("\nadd TMP " and the member): the line break
            // of the line before rides with the prefix, so the block before the members ends without one
            String tmp = tmpName(s.name());
            small.append("create ").append(s.name()).append(' ').append(s.declaration()).append(" -exist\n");
            small.append("create ").append(tmp).append(' ').append(s.declaration()).append(" -exist\n");
            small.append("flush ").append(tmp);
            out.add(small.toString());
            small.setLength(0);
            String add = "\nadd " + tmp + " ";
            for (String m : s.members()) {
                out.add(add);
                out.add(m);
            }
            small.append("\nswap ").append(tmp).append(' ').append(s.name()).append("\ndestroy ").append(tmp).append('\n');
        }
        out.add(small.toString());
        return out.join();
    }

    /**
     * Commands that make set {@code s} hold exactly its members, atomically for the rules that use it, whether it
     * exists or not: filled under the temporary name, then swapped in.
     */
    static void swapIn(StringBuilder b, SetLines s) {
        b.append("create ").append(s.name()).append(' ').append(s.declaration()).append(" -exist\n");
        swapInto(b, s);
    }

    /**
     * Commands that give the existing set {@code s.name()} a new declaration (of the same type and family: the
     * kernel swaps nothing else) and exactly {@code s.members()}, atomically for the rules that use it.
     */
    static void swapInto(StringBuilder b, SetLines s) {
        String tmp = tmpName(s.name());
        String params = s.declaration() + " -exist";
        b.append("create ").append(tmp).append(' ').append(params).append('\n');
        b.append("flush ").append(tmp).append('\n');
        for (String m : s.members()) {
            b.append("add ").append(tmp).append(' ').append(m).append('\n');
        }
        b.append("swap ").append(tmp).append(' ').append(s.name()).append('\n');
        b.append("destroy ").append(tmp).append('\n');
    }

    /** Every set's name, declaration and members, in the ruleset's order; the documents and the dataplane share it. */
    static List<SetLines> lines(List<IpSet> sets) {
        List<SetLines> out = new ArrayList<>(sets.size());
        StringBuilder b = new StringBuilder(64);
        for (IpSet s : sets) {
            out.add(lines(s, b));
        }
        return out;
    }

    /** One set's lines; {@code b} is scratch space for the member texts. */
    static SetLines lines(IpSet s, StringBuilder b) {
        String name = IptablesText.setName(s.name());
        List<String> members = new ArrayList<>(s.members().size() + 1);
        for (SetMember m : s.members()) {
            member(s, m, members, b);
        }
        b.setLength(0);
        b.append(type(s.type())).append(" family ").append(s.family() == IpFamily.V4 ? "inet" : "inet6")
                .append(" maxelem ").append(Math.max(MAX_ELEMENTS, members.size())).append(" initval 0x");
        String hex = Integer.toHexString(initval(name));
        for (int i = hex.length(); i < 8; i++) {
            b.append('0');
        }
        b.append(hex);
        return new SetLines(name, b.toString(), Collections.unmodifiableList(members));
    }

    /** Sets by name; refuses two sets with one name (the IR's names are per family and content). */
    static Map<String, IpSet> index(List<IpSet> sets) {
        Map<String, IpSet> out = new LinkedHashMap<>();
        for (IpSet s : sets) {
            IptablesText.setName(s.name());
            if (out.put(s.name(), s) != null) {
                throw new IllegalArgumentException("two sets named " + s.name());
            }
        }
        return out;
    }

    /** {@code NAME:t}, or for names too long for that a shortened, hashed form; at most 31 characters. */
    static String tmpName(String name) {
        if (name.length() + TMP_SUFFIX.length() <= MAX_NAME) {
            return name + TMP_SUFFIX;
        }
        // 20 + "." + 8 + ":t" = 31; the hash keeps temporary names of different long names apart.
        String hash = HashedNames.sha256Base64Url(name).substring(0, 8).replace('-', '_');
        return name.substring(0, 20) + "." + hash + TMP_SUFFIX;
    }

    private static int initval(String name) {
        int v = HashedNames.sha256Int("ipset initval " + name);
        return v == 0 ? 1 : v; // 0 asks the kernel for a random seed
    }

    private static String type(SetType t) {
        return switch (t) {
            case NETWORKS -> "hash:net";
            case ADDRESS_PROTOCOL_PORT -> "hash:ip,port";
        };
    }

    private static void member(IpSet s, SetMember m, List<String> out, StringBuilder b) {
        if (m instanceof SetMember.Network n) {
            Cidr c = n.cidr();
            requireFamily(s, c.family(), s.type() == SetType.NETWORKS);
            if (c.isCatchAll()) {
                // hash:net refuses a /0; the two halves cover the same addresses.
                if (c.family() == IpFamily.V4) {
                    out.add("0.0.0.0/1");
                    out.add("128.0.0.0/1");
                } else {
                    out.add("::/1");
                    out.add("8000::/1");
                }
                return;
            }
            b.setLength(0);
            Addresses.appendCidr(b, c);
            out.add(b.toString());
            return;
        }
        SetMember.AddressProtocolPort a = (SetMember.AddressProtocolPort) m;
        requireFamily(s, IpFamily.of(a.address()), s.type() == SetType.ADDRESS_PROTOCOL_PORT);
        if (a.port() < 0 || a.port() > 65535) {
            throw new IllegalArgumentException("port out of range in set " + s.name() + ": " + a.port());
        }
        b.setLength(0);
        Addresses.append(b, a.address().getAddress());
        b.append(',').append(protocol(a.protocol())).append(':').append(a.port());
        out.add(b.toString());
    }

    private static String protocol(int p) {
        return switch (p) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 132 -> "sctp";
            case 136 -> "udplite";
            default -> throw new IllegalArgumentException(
                    "hash:ip,port members need tcp, udp, sctp or udplite, not protocol " + p);
        };
    }

    private static void requireFamily(IpSet s, IpFamily memberFamily, boolean typeFits) {
        if (memberFamily != s.family() || !typeFits) {
            throw new IllegalArgumentException("set " + s.name() + " (" + s.family() + ", " + s.type()
                    + ") has a member of the wrong family or type");
        }
    }
}
