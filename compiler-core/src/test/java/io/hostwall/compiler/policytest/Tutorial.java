package io.hostwall.compiler.policytest;

import io.hostwall.compiler.Hostwall;
import io.hostwall.model.PolicySet;
import io.hostwall.model.manifest.ManifestException;

/** The protect-hosts tutorial (manifests 1-4), inline so that these tests do not depend on the examples module. */
final class Tutorial {
    private Tutorial() {}

    static final String MANIFESTS = """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: allow-cluster-internal-ingress}
            spec:
              order: 10
              preDNAT: true
              applyOnForward: true
              ingress:
                - action: Allow
                  source: {nets: [10.240.0.0/16, 192.168.0.0/16]}
              selector: has(host-endpoint)
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: drop-other-ingress}
            spec:
              order: 20
              preDNAT: true
              applyOnForward: true
              ingress: [{action: Deny}]
              selector: has(host-endpoint)
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: allow-outbound-external}
            spec:
              order: 10
              egress: [{action: Allow}]
              selector: has(host-endpoint)
            ---
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata:
              name: node1-eth0
              labels: {host-endpoint: ingress}
            spec: {interfaceName: eth0, node: node1}
            """;

    static PolicySet cluster() {
        try {
            return Hostwall.loadString("tutorial.yaml", MANIFESTS);
        } catch (ManifestException e) {
            throw new AssertionError(e);
        }
    }
}
