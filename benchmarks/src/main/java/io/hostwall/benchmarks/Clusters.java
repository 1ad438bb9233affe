package io.hostwall.benchmarks;

import io.hostwall.examples.LargeClusterGenerator;
import io.hostwall.model.PolicySet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The generated clusters, built once per JVM and size (a 20,000-policy cluster takes seconds to build). */
final class Clusters {
    static final int NODES = 1000;
    static final int SETS = 500;
    static final long SEED = 1;
    static final String NODE = "node-1";

    private static final Map<String, PolicySet> CACHE = new ConcurrentHashMap<>();

    private Clusters() {}

    static PolicySet of(int policies, int nodes) {
        return CACHE.computeIfAbsent(policies + "/" + nodes,
                k -> LargeClusterGenerator.cluster(policies, nodes, SETS, SEED));
    }
}
