package io.hostwall.nftables;

import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.ir.HashedNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code nft --json list table <family> <name>} says about hostwall's table, as an {@link ObservedState}: per
 * chain its rule count and a fingerprint of its hook, type, priority, policy and each rule's expressions and comment;
 * per set or map its element count and a fingerprint of its type, data type, flags and elements.
 *
 * <p>A fingerprint is the SHA-256 of a canonical JSON text of those parts: object keys sorted, handles left out
 * (they number objects by creation and change when an object is written again with the same content), counter
 * values zeroed (they change with every packet) and a set's elements sorted (a hash set lists them in an order that
 * depends on its history). Anything else the kernel lists differently, a foreign or edited rule included, changes it.
 */
final class NftListing {

    /**
     * The state, the names of the maps found (for {@code flush map}), and each chain's rule handles in listed order
     * (so that a later edit can delete or insert next to a rule by its handle); a chain with a rule whose handle is
     * not listed is left out.
     */
    record Parsed(ObservedState state, List<String> maps, Map<String, List<Long>> handles) {}

    private NftListing() {}

    /**
     * Reads a listing of table {@code family name}.
     *
     * @throws IllegalArgumentException if it is not the JSON nft prints
     */
    static Parsed parse(String json, String family, String table) {
        Object doc = JsonReader.read(json);
        List<?> items = list(map(doc, "the document").get("nftables"), "\"nftables\"");
        String scope = NftObjects.scope(family, table);
        Map<String, Map<String, Object>> chains = new LinkedHashMap<>();
        Map<String, List<Object>> rules = new TreeMap<>();
        Map<String, List<Long>> handles = new TreeMap<>();
        Set<String> unnumbered = new HashSet<>();
        Map<ObjectId, ObservedState.Observed> out = new TreeMap<>();
        List<String> maps = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> entry = map(item, "an entry of \"nftables\"");
            if (entry.size() != 1) {
                throw new IllegalArgumentException("an entry of \"nftables\" with " + entry.size() + " keys");
            }
            Map.Entry<String, Object> e = entry.entrySet().iterator().next();
            if (e.getKey().equals("metainfo") || e.getKey().equals("table")) {
                continue;
            }
            Map<String, Object> o = map(e.getValue(), "\"" + e.getKey() + "\"");
            if (!family.equals(o.get("family")) || !table.equals(o.get("table"))) {
                continue;
            }
            switch (e.getKey()) {
                case "chain" -> chains.put(string(o, "name"), o);
                case "rule" -> {
                    String chain = string(o, "chain");
                    rules.computeIfAbsent(chain, k -> new ArrayList<>()).add(rule(o));
                    if (o.get("handle") instanceof Long h) {
                        handles.computeIfAbsent(chain, k -> new ArrayList<>()).add(h);
                    } else {
                        unnumbered.add(chain);
                    }
                }
                case "set", "map" -> {
                    String name = string(o, "name");
                    if (e.getKey().equals("map")) {
                        maps.add(name);
                    }
                    ObjectId id = ObjectId.set(scope, name);
                    List<?> elements = o.containsKey("elem") ? list(o.get("elem"), "\"elem\"") : List.of();
                    out.put(id, new ObservedState.Observed(id, elements.size(), fingerprint(set(e.getKey(), o))));
                }
                default -> {
                    // Objects hostwall never writes (counters, quotas, flowtables, ...) do not belong to its state.
                }
            }
        }
        chains.forEach((name, o) -> {
            if (!rules.containsKey(name)) {
                handles.put(name, List.of());
            }
            ObjectId id = ObjectId.chain(scope, name);
            List<Object> its = rules.getOrDefault(name, List.of());
            Map<String, Object> canonical = new TreeMap<>();
            for (String k : List.of("type", "hook", "prio", "policy")) {
                if (o.containsKey(k)) {
                    canonical.put(k, o.get(k));
                }
            }
            canonical.put("rules", its);
            out.put(id, new ObservedState.Observed(id, its.size(), fingerprint(canonical)));
        });
        handles.keySet().removeAll(unnumbered);
        handles.keySet().retainAll(chains.keySet());
        return new Parsed(new ObservedState(true, ImmutableSortedMap.copyOf(out)), List.copyOf(maps), handles);
    }

    private static Map<String, Object> rule(Map<String, Object> o) {
        Map<String, Object> r = new TreeMap<>();
        r.put("expr", o.get("expr"));
        if (o.containsKey("comment")) {
            r.put("comment", o.get("comment"));
        }
        return r;
    }

    private static Map<String, Object> set(String kind, Map<String, Object> o) {
        Map<String, Object> s = new TreeMap<>();
        s.put("kind", kind);
        for (String k : List.of("type", "map", "flags", "policy", "timeout", "size")) {
            if (o.containsKey(k)) {
                s.put(k, o.get(k));
            }
        }
        List<String> elements = new ArrayList<>();
        if (o.containsKey("elem")) {
            for (Object e : list(o.get("elem"), "\"elem\"")) {
                elements.add(canonical(e));
            }
        }
        elements.sort(String::compareTo);
        s.put("elem", elements);
        return s;
    }

    /**
     * A JSON text of {@code v} with every object's keys sorted and every {@code counter}'s packets and bytes
     * written as 0. Written in one pass, without copying the tree: a large table lists tens of megabytes.
     */
    static String canonical(Object v) {
        StringBuilder out = new StringBuilder();
        canonical(v, out);
        return out.toString();
    }

    private static void canonical(Object v, StringBuilder out) {
        if (v instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>(m.size());
            m.keySet().forEach(k -> keys.add((String) k));
            keys.sort(String::compareTo);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                String k = keys.get(i);
                if (i > 0) {
                    out.append(',');
                }
                Json.string(k, out);
                out.append(':');
                Object x = m.get(k);
                if (k.equals("counter") && x instanceof Map<?, ?>) {
                    out.append("{\"bytes\":0,\"packets\":0}");
                } else {
                    canonical(x, out);
                }
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonical(l.get(i), out);
            }
            out.append(']');
        } else if (v instanceof java.math.BigDecimal d) {
            // Json writes longs only; nft prints no fractions, but the reader accepts them.
            out.append(d.toPlainString());
        } else {
            Json.write(v, out);
        }
    }

    static String fingerprint(Object canonicalParts) {
        return HashedNames.sha256Hex(canonical(canonicalParts), 32);
    }

    private static Map<String, Object> map(Object v, String what) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return typed;
    }

    private static List<?> list(Object v, String what) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(what + " is not a JSON array");
        }
        return l;
    }

    private static String string(Map<String, Object> o, String key) {
        if (!(o.get(key) instanceof String s)) {
            throw new IllegalArgumentException("\"" + key + "\" is missing or not a string");
        }
        return s;
    }
}
