package io.hostwall.model.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.model.Problem;
import io.hostwall.model.yaml.ManifestReader;
import io.hostwall.model.yaml.ProblemReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resources per load, counting the items of lists, with a small limit so that the test stays fast. */
class ResourceLimitTest {
    @Test
    void resourcesPerLoadAreCappedOnce() {
        String tiers = "apiVersion: projectcalico.org/v3\nkind: TierList\nitems:\n"
                + "  - metadata: {name: a}\n  - metadata: {name: b}\n  - metadata: {name: c}\n  - metadata: {name: d}\n";
        List<Problem> problems = new ArrayList<>();
        ProblemReport report = new ProblemReport("t.yaml", problems);
        ResourceCollector collector = new ResourceCollector(2);
        for (ManifestReader.Document d : ManifestReader.read(tiers, ManifestReader.Format.YAML, report)) {
            DocumentValidator.validate(d, report, collector);
        }
        assertEquals(List.of("t.yaml:6: items[2]: more than 2 resources in one load"),
                problems.stream().map(Problem::toString).toList());
        assertEquals(2, collector.toPolicySet().tiers().size());
    }
}
