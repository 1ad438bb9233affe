package io.hostwall.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code ipset save} output: per set its {@code create} line and its {@code add} lines. */
final class IpsetSave {
    private IpsetSave() {}

    /** Lines by set name, the {@code create} line first. */
    static Map<String, List<String>> parse(String save) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String raw : save.split("\n")) {
            String line = raw.strip();
            String[] w = line.split(" ", 3);
            if (w.length >= 2 && (w[0].equals("create") || w[0].equals("add"))) {
                out.computeIfAbsent(w[1], k -> new ArrayList<>()).add(line);
            }
        }
        return out;
    }

    /** The set's type, e.g. {@code hash:net}, with its family. */
    static String type(List<String> lines) {
        String[] w = lines.get(0).split(" ");
        String family = "";
        for (int i = 3; i + 1 < w.length; i++) {
            if (w[i].equals("family")) {
                family = " family " + w[i + 1];
            }
        }
        return (w.length > 2 ? w[2] : "") + family;
    }

    /** The members, as {@code add NAME} lists them. */
    static List<String> members(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("add ")).map(l -> l.split(" ", 3))
                .filter(w -> w.length == 3).map(w -> w[2]).toList();
    }

    /** A saved set as the swap-in writer takes it: declaration as saved, members as saved. */
    static IpsetDocumentWriter.SetLines setLines(String name, List<String> lines) {
        String create = lines.get(0);
        String prefix = "create " + name + " ";
        return new IpsetDocumentWriter.SetLines(name, create.startsWith(prefix) ? create.substring(prefix.length())
                : create, members(lines));
    }

    /** Names from {@code ipset list -n}. */
    static Set<String> names(String list) {
        Set<String> out = new TreeSet<>();
        list.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
        return out;
    }
}
