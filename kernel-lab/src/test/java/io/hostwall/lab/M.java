package io.hostwall.lab;

/**
 * Manifest snippets the scenario tests combine. Kept as YAML text (not builders) so that a failing scenario prints
 * manifests a user could feed straight to the CLI to replay it.
 */
final class M {
    private M() {}

    /** node1's host endpoint on eth0, with the lab node's addresses as expectedIPs. */
    static final String HEP = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata:
              name: node1-eth0
              labels: {role: node}
            spec:
              node: node1
              interfaceName: eth0
              expectedIPs: [10.240.0.11, "fd00:240::11"]
            """;

    /** node1's all-interfaces ({@code *}) host endpoint, without expectedIPs or profiles. */
    static final String STAR_HEP = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata:
              name: node1-all
              labels: {role: node}
            spec:
              node: node1
              interfaceName: "*"
            """;

        /** A normal policy allowing everything both ways: the background against which one stage is examined. */
    static final String ALLOW_ALL_NORMAL = """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: zz-allow-all}
            spec:
              order: 1000
              selector: role == 'node'
              ingress: [{action: Allow}]
              egress: [{action: Allow}]
            """;

    static String join(String... docs) {
        StringBuilder b = new StringBuilder();
        for (String d : docs) {
            if (b.length() > 0) {
                b.append("---\n");
            }
            b.append(d.endsWith("\n") ? d : d + "\n");
        }
        return b.toString();
    }

    /** A GlobalNetworkPolicy selecting node1's HEP; {@code spec} is the YAML under {@code spec:} minus selector. */
    static String gnp(String name, String spec) {
        return "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: " + name + "}\n"
                + "spec:\n  selector: role == 'node'\n" + spec.stripTrailing().indent(2);
    }
}
