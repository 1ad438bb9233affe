package io.hostwall.model;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.manifest.ManifestText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The loaded model is deeply immutable, and equal input gives an equal {@link PolicySet} whatever the order of
 * documents and files, the split into files, and the format (YAML streams, JSON {@code List}s).
 */
class PolicySetProperties {
    /** Reads the generated YAML the way the loader does: YAML 1.2 booleans, so a policy named "on" stays a name. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<List<String>> clusters() {
        return ManifestArbitraries.clusters();
    }

    @Property(tries = 300)
    void theModelIsDeeplyImmutable(@ForAll("clusters") List<String> documents) throws ManifestException {
        PolicySet set = ManifestLoader.loadText("cluster.yaml", ManifestArbitraries.yaml(documents));
        assertEquals(documents.size(), set.all().size());
        assertEquals(documents.size(), set.locations().size());
        DeepImmutability.check(set, "set");
        DeepImmutability.check(set.all(), "set.all()");
    }

    @Property(tries = 300)
    void documentAndFileOrderDoNotMatter(@ForAll("clusters") List<String> documents, @ForAll Random random)
            throws Exception {
        PolicySet reference = ManifestLoader.loadText("cluster.yaml", ManifestArbitraries.yaml(documents));

        List<String> shuffled = new ArrayList<>(documents);
        Collections.shuffle(shuffled, random);
        List<ManifestText> files = new ArrayList<>();
        int i = 0;
        while (i < shuffled.size()) {
            int n = 1 + random.nextInt(3);
            List<String> chunk = shuffled.subList(i, Math.min(shuffled.size(), i + n));
            files.add(random.nextBoolean()
                    ? new ManifestText("f" + files.size() + ".yaml", ManifestArbitraries.yaml(chunk))
                    : new ManifestText("f" + files.size() + ".json", jsonList(chunk)));
            i += n;
        }
        Collections.shuffle(files, random);
        PolicySet reordered = ManifestLoader.loadTexts(files);

        assertEquals(reference, reordered);
        assertEquals(reference.hashCode(), reordered.hashCode());
        assertEquals(reference.toString().replaceAll("locations=\\{.*}", ""),
                reordered.toString().replaceAll("locations=\\{.*}", ""));
        assertEquals(reference.locations().keySet(), reordered.locations().keySet());
    }

    /**
     * {@link PolicySet#with} and {@link PolicySet#without} give the set built from scratch from the changed
     * resources, keep every other kind's list as the very same object, and drop the changed resource's location.
     */
    @Property(tries = 300)
    void withAndWithoutAreTheSetBuiltFromScratch(@ForAll("clusters") List<String> documents, @ForAll Random random)
            throws ManifestException {
        PolicySet set = ManifestLoader.loadText("cluster.yaml", ManifestArbitraries.yaml(documents));
        org.junit.jupiter.api.Assumptions.assumeFalse(set.all().isEmpty());
        Resource r = set.all().get(random.nextInt(set.all().size()));
        List<Resource> rest = new ArrayList<>(set.all());
        rest.remove(r);

        PolicySet without = set.without(r.ref());
        assertEquals(PolicySet.of(rest), without);
        org.junit.jupiter.api.Assertions.assertFalse(without.locations().containsKey(r.ref()));
        assertEquals(set.locations().size() - 1, without.locations().size());
        assertEquals(without, without.without(r.ref()));

        PolicySet back = without.with(r);
        assertEquals(set, back);
        assertEquals(set.all(), back.all());
        // A replacement: the same name, another object.
        Resource reloaded = ManifestLoader.loadText("again.yaml", ManifestArbitraries.yaml(documents)).all()
                .stream().filter(x -> x.ref().equals(r.ref())).findFirst().orElseThrow();
        PolicySet replaced = set.with(reloaded);
        assertEquals(set, replaced);
        org.junit.jupiter.api.Assertions.assertFalse(replaced.locations().containsKey(r.ref()));
        for (ResourceKind kind : ResourceKind.values()) {
            if (kind != r.ref().kind()) {
                assertSame(set.ofKind(kind), without.ofKind(kind), kind.toString());
                assertSame(set.ofKind(kind), replaced.ofKind(kind), kind.toString());
            }
        }
    }

    /** The documents as one JSON {@code kind: List}. */
    private static String jsonList(List<String> documents) throws Exception {
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = list.putArray("items");
        for (String d : documents) {
            items.add(YAML.readTree(d));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list);
    }

}
