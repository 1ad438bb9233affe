package io.hostwall.examples;

import java.nio.file.Path;
import java.util.List;

/** The protect-hosts scenarios whose rulesets are kept as golden files. */
final class Scenarios {
    private Scenarios() {}

    static final Path ROOT = Path.of("protect-hosts");

    /** A scenario: a name (its golden folder) and the manifest files that make it up. */
    record Scenario(String name, List<Path> manifests) {}

    static final List<Scenario> ALL = List.of(
            // The tutorial as written (manifests 1-4): the HostEndpoint has no expectedIPs.
            new Scenario("tutorial", List.of(ROOT.resolve("01-pre-dnat-policies.yaml"),
                    ROOT.resolve("02-allow-outbound-external.yaml"), ROOT.resolve("03-host-endpoint.yaml"),
                    ROOT.resolve("04-allow-nodeport.yaml"))),
            // The same with a HostEndpoint that has expectedIPs, so allow-nodeport's destination selector resolves.
            new Scenario("expected-ips", List.of(ROOT.resolve("01-pre-dnat-policies.yaml"),
                    ROOT.resolve("02-allow-outbound-external.yaml"), ROOT.resolve("04-allow-nodeport.yaml"),
                    ROOT.resolve("variants/expected-ips"))),
            // Manifest 5: the NodePort opens only on the node whose endpoint carries the special label value.
            new Scenario("special-value", List.of(ROOT.resolve("01-pre-dnat-policies.yaml"),
                    ROOT.resolve("02-allow-outbound-external.yaml"), ROOT.resolve("variants/special-value"))));

    static Path golden(Scenario s) {
        return ROOT.resolve("golden").resolve(s.name());
    }
}
