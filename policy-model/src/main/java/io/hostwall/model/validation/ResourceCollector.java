package io.hostwall.model.validation;

import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import io.hostwall.model.SourceLocation;
import io.hostwall.model.manifest.ManifestLimits;
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
    private final int maxResources;
    private int resourcesSeen;

    /** A collector with nothing in it, for at most {@link ManifestLimits#MAX_RESOURCES}. */
    public ResourceCollector() {
        this(ManifestLimits.MAX_RESOURCES);
    }

    /** A collector with another limit (tests). */
    ResourceCollector(int maxResources) {
        this.maxResources = maxResources;
    }

    int maxResources() {
        return maxResources;
    }

    /**
     * Counts one more resource read; false from the first one over {@link ManifestLimits#MAX_RESOURCES}.
     *
     * @return whether the resource may be validated
     */
    boolean admit() {
        return ++resourcesSeen <= maxResources;
    }

    /** Whether the resource just refused by {@link #admit} is the first one over the limit (reported once). */
    boolean firstOverLimit() {
        return resourcesSeen == maxResources + 1;
    }

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

    /**
     * The resources collected.
     *
     * @return them as a set, with their locations
     */
    public PolicySet toPolicySet() {
        return PolicySet.of(resources, locations.buildOrThrow());
    }
}
