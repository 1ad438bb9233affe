package io.hostwall.nftables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table listing ({@code nft --json list table}) in a form that does not depend on how the table was built: the
 * kernel lists chains and sets in creation order and a hash set's elements in insertion order, so two kernels that
 * hold the same table may list it in different orders. Rules keep their order (it is their meaning).
 */
final class NftTables {
    private NftTables() {}

    static String canonical(String listing) {
        Map<?, ?> doc = (Map<?, ?>) JsonReader.read(listing.replaceAll("\"handle\": \\d+, ", "")
                .replaceAll(", \"handle\": \\d+", ""));
        Map<String, Object> objects = new TreeMap<>();
        Map<String, List<Object>> rules = new TreeMap<>();
        for (Object item : (List<?>) doc.get("nftables")) {
            Map.Entry<?, ?> e = ((Map<?, ?>) item).entrySet().iterator().next();
            Map<?, ?> o = (Map<?, ?>) e.getValue();
            switch ((String) e.getKey()) {
                case "metainfo" -> { }
                case "rule" -> rules.computeIfAbsent((String) o.get("chain"), k -> new ArrayList<>()).add(o);
                default -> {
                    Map<String, Object> copy = new TreeMap<>();
                    o.forEach((k, v) -> copy.put((String) k, v));
                    if (copy.get("elem") instanceof List<?> l) {
                        List<String> sorted = new ArrayList<>(l.stream().map(NftListing::canonical).toList());
                        sorted.sort(String::compareTo);
                        copy.put("elem", sorted);
                    }
                    objects.put(e.getKey() + " " + o.get("name"), copy);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        objects.forEach((k, v) -> b.append(k).append(' ').append(NftListing.canonical(v)).append('\n'));
        rules.forEach((k, v) -> v.forEach(r -> b.append("rule ").append(k).append(' ')
                .append(NftListing.canonical(r)).append('\n')));
        return b.toString();
    }
}
