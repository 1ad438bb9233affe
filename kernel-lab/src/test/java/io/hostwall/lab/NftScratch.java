package io.hostwall.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.nftables.NftablesBackend;
import io.hostwall.spi.RenderOptions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fresh network namespace for one nftables dataplane proof, named {@code hwnftdp-<random>-<role>} so that
 * concurrent runs and other suites never meet it; deleted on {@link #close()}. Its {@link #tools()} run the real
 * programs inside it ({@code ip netns exec}).
 */
final class NftScratch implements AutoCloseable {
    private static final String RUN = randomSuffix();
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
            true);
    final Namespace ns;

    private NftScratch(Namespace ns) {
        this.ns = ns;
    }

    static NftScratch create(String role) {
        KernelPreconditions.require();
        return new NftScratch(Namespace.create("hwnftdp-" + RUN + "-" + role));
    }

    /** Runs a tool in this namespace. */
    ToolRunner tools() {
        return tools(ns);
    }

    /** Runs a tool in {@code ns}. */
    static ToolRunner tools(Namespace ns) {
        return (command, stdin) -> {
            List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns.name));
            c.addAll(command);
            Cmd.Result r = Cmd.run(c, stdin);
            return new ToolRunner.Result(r.exit(), r.out(), r.err());
        };
    }

    /** The nftables dataplane of table {@code inet hostwall} in this namespace. */
    Dataplane dataplane() {
        return dataplane(tools());
    }

    static Dataplane dataplane(ToolRunner tools) {
        return new NftablesBackend().dataplane(RenderOptions.defaults(), tools).orElseThrow();
    }

    /** {@code nft -f -} of a script that must load. */
    void nft(String script) {
        ns.pipe(script, "nft", "-f", "-").orThrow();
    }

    /** {@code nft -a list table}: the kernel's listing of one table, handles included. */
    String listWithHandles(String family, String table) {
        return ns.ok("nft", "-a", "list", "table", family, table);
    }

    /**
     * {@code nft --json list table inet hostwall} without handles, in an order that does not depend on how the
     * table was built: the kernel lists chains and sets in creation order and a hash set's elements in insertion
     * order; rules keep theirs (it is their meaning).
     */
    String normalisedListing() {
        return normalisedListing(ns);
    }

    /** {@link #normalisedListing()} of table {@code inet hostwall} in {@code ns}. */
    static String normalisedListing(Namespace ns) {
        try {
            JsonNode doc = JSON.readTree(ns.ok("nft", "--json", "list", "table", "inet", "hostwall"));
            Map<String, String> objects = new TreeMap<>();
            Map<String, List<String>> rules = new TreeMap<>();
            for (JsonNode item : doc.get("nftables")) {
                String kind = item.fieldNames().next();
                ObjectNode o = ((ObjectNode) item.get(kind)).deepCopy();
                o.remove("handle");
                if (kind.equals("metainfo")) {
                    continue;
                }
                if (kind.equals("rule")) {
                    rules.computeIfAbsent(o.get("chain").asText(), k -> new ArrayList<>()).add(canonical(o));
                    continue;
                }
                if (o.get("elem") instanceof ArrayNode elems) {
                    List<String> sorted = new ArrayList<>();
                    elems.forEach(e -> sorted.add(canonical(e)));
                    sorted.sort(String::compareTo);
                    ArrayNode a = JSON.createArrayNode();
                    sorted.forEach(a::add);
                    o.set("elem", a);
                }
                objects.put(kind + " " + o.get("name").asText(), canonical(o));
            }
            StringBuilder b = new StringBuilder();
            objects.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
            rules.forEach((k, v) -> v.forEach(r -> b.append("rule ").append(r).append('\n')));
            return b.toString();
        } catch (java.io.IOException e) {
            throw new LabException("cannot read nft's JSON listing", e);
        }
    }

    private static String canonical(JsonNode n) {
        try {
            Object tree = JSON.treeToValue(n, Object.class);
            return JSON.writeValueAsString(tree);
        } catch (java.io.IOException e) {
            throw new LabException("cannot write JSON", e);
        }
    }

    @Override
    public void close() {
        ns.delete();
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
