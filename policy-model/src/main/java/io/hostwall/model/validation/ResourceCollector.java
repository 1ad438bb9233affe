package io.hostwall.model.validation;

import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import io.hostwall.model.SourceLocation;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.ProblemReport;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gathers validated resources across every source and refuses a second resource with a kind's name. */
public final class ResourceCollector {
    private final Map<ResourceRef, SourceLocation> seen = new HashMap<>();
    private final List<Resource> resources = new ArrayList<>();
    private final ImmutableMap.Builder<ResourceRef, SourceLocation> locations = ImmutableMap.builder();

    /** Records that {@code ref} is defined at {@code location}; a second definition is a problem. */
    boolean claim(ResourceRef ref, SourceLocation location, int nameLine, ProblemReport report) {
        SourceLocation first = seen.putIfAbsent(ref, location);
        if (first != null) {
            report.add(nameLine, FieldPath.ROOT.field("metadata").field("name"),
                    "duplicate " + ref + ": already defined at " + first);
            return false;
        }
        return true;
    }

    void add(Resource resource, SourceLocation location) {
        resources.add(resource);
        locations.put(resource.ref(), location);
    }

    public PolicySet toPolicySet() {
        return PolicySet.of(resources, locations.buildOrThrow());
    }
}
