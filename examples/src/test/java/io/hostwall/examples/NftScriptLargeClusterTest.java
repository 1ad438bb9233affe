package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.PolicySet;
import io.hostwall.nftables.NftablesBackend;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The nft script, written straight from the IR, against the table model on compiled nodes of a generated cluster
 * (issue 10's shape, smaller). The model is reached through the public API: the dataplane's desired objects are
 * printed from it (rule lines, hook lines, set declarations and elements). Every chain and set of the script must
 * be exactly one of them, and the sets must be declared most-used first (ties by name), counting the lookups in
 * the script's own rule lines. (The backend's tests compare the two paths byte for byte on random IR; this module
 * runs on the module path, where the package-private model printer is out of reach.)
 */
class NftScriptLargeClusterTest {
    private static final ToolRunner NO_TOOLS = (command, stdin) -> {
        throw new AssertionError("no tool runs here: " + command);
    };
    private static final Pattern BLOCK = Pattern.compile("^\t(set|map|chain) ([^ ]+) \\{$");
    private static final Pattern LOOKUP = Pattern.compile("@([A-Za-z][A-Za-z0-9_.-]*)");

    @Test
    void scriptHoldsTheModelsTableOnGeneratedNodes() throws Exception {
        PolicySet cluster = LargeClusterGenerator.cluster(1000, 20, 100, 1);
        Map<String, CompiledNode> nodes = Hostwall.create().compileAll(cluster, Map.of());
        assertTrue(nodes.size() >= 5, "nodes: " + nodes.size());
        NftablesBackend backend = new NftablesBackend();
        int compared = 0;
        for (CompiledNode n : nodes.values()) {
            if (compared++ == 5) {
                break;
            }
            for (RenderOptions o : new RenderOptions[] {RenderOptions.defaults(), new RenderOptions("hw", true)}) {
                check(backend, n.ruleset(), o);
            }
        }
    }

    private static void check(NftablesBackend backend, Ruleset r, RenderOptions o) {
        String script = backend.script(r, o);
        Dataplane dp = backend.dataplane(o, NO_TOOLS).orElseThrow();
        Map<ObjectId, DesiredObject> desired = new TreeMap<>();
        dp.desired(r).objects().forEach((id, obj) -> {
            if (!(obj instanceof DesiredObject.Hooks)) {
                desired.put(id, obj);
            }
        });
        String scope = "inet " + o.tableName();
        Map<ObjectId, DesiredObject> parsed = new LinkedHashMap<>();
        List<String> setOrder = new ArrayList<>();
        Map<String, Integer> lookups = new HashMap<>();
        String[] lines = script.split("\n", -1);
        int i = 0;
        while (!lines[i].startsWith("table ")) {
            i++;
        }
        for (i++; i < lines.length; i++) {
            Matcher m = BLOCK.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(2);
            List<String> body = new ArrayList<>();
            for (i++; !lines[i].equals("\t}"); i++) {
                body.add(lines[i].substring(2));
            }
            if (m.group(1).equals("chain")) {
                String header = !body.isEmpty() && body.get(0).startsWith("type ") ? body.remove(0) : "";
                for (String rule : body) {
                    Matcher l = LOOKUP.matcher(rule.replaceAll(" comment \"[^\"]*\"$", ""));
                    while (l.find()) {
                        lookups.merge(l.group(1), 1, Integer::sum);
                    }
                }
                DesiredObject.Chain want = (DesiredObject.Chain) desired.get(ObjectId.chain(scope, name));
                assertEquals(want.header(), header, name);
                assertEquals(want.rules(), body, name);
                parsed.put(want.id(), want);
            } else {
                setOrder.add(name);
                DesiredObject.Set want = (DesiredObject.Set) desired.get(ObjectId.set(scope, name));
                StringBuilder declaration = new StringBuilder(body.get(0)).append(';');
                int e = 1;
                if (body.size() > 1 && body.get(1).startsWith("flags ")) {
                    declaration.append(' ').append(body.get(1)).append(';');
                    e = 2;
                }
                TreeSet<String> elements = new TreeSet<>();
                if (e < body.size()) {
                    String first = body.get(e);
                    if (first.endsWith(" }")) {
                        elements.addAll(List.of(first.substring("elements = { ".length(), first.length() - 2).split(", ")));
                    } else {
                        for (int k = e + 1; k < body.size() - 1; k++) {
                            String el = body.get(k).substring(1);
                            elements.add(el.endsWith(",") ? el.substring(0, el.length() - 1) : el);
                        }
                    }
                }
                assertEquals(want.declaration(), declaration.toString(), name);
                assertEquals(want.elements(), elements, name);
                parsed.put(want.id(), want);
            }
        }
        assertEquals(desired.keySet(), new TreeSet<>(parsed.keySet()));
        List<String> mostUsedFirst = new ArrayList<>(setOrder);
        mostUsedFirst.sort((a, b) -> {
            int byUse = Integer.compare(lookups.getOrDefault(b, 0), lookups.getOrDefault(a, 0));
            return byUse != 0 ? byUse : a.compareTo(b);
        });
        assertEquals(mostUsedFirst, setOrder);
    }
}
