package io.hostwall.benchmarks;

import io.hostwall.compiler.agent.NodeAgent;
import io.hostwall.model.EntityRule;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import io.hostwall.net.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live-update workload of issue 9: {@code LargeClusterGenerator}'s 5,000-policy cluster plus one network set of
 * 1,000 members that a policy selecting every host endpoint allows from, and the changes a node agent sees, each as a
 * forward step (what is measured) and a backward step (which restores the cluster, so a change can be repeated).
 */
final class LiveChanges {
    /** The network set of 1,000 members. */
    static final String BIG_SET = "bench-1000";
    /** The policy that allows from {@link #BIG_SET}, selecting every host endpoint. */
    static final String BIG_SET_POLICY = "bench-1000-allow";
    /** Members of {@link #BIG_SET}. */
    static final int BIG_SET_MEMBERS = 1000;

    /** The kinds of change measured. */
    enum Kind {
        /** One rule of a policy selecting node-1 gets another port. */
        RULE_EDITED("policy rule edited"),
        /** A policy selecting node-1 (a copy of another, under a new name) is added. */
        POLICY_ADDED("policy added"),
        /** A policy selecting node-1 is deleted. */
        POLICY_DELETED("policy deleted"),
        /** The 1,000-member network set gains one member. */
        SET_MEMBER_ADDED("network set of 1,000 gains a member"),
        /** node-1's eth0 host endpoint goes from env=prod to env=staging (policies stop or start selecting it). */
        HOST_LABEL_CHANGED("host endpoint label changed"),
        /** A policy is sent again unchanged (a watch event that changes nothing). */
        NO_OP("no-op (same policy again)");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    final List<Resource> resources;
    private final GlobalNetworkPolicy edited;
    private final GlobalNetworkPolicy editedAfter;
    private final GlobalNetworkPolicy added;
    private final GlobalNetworkPolicy deleted;
    private final GlobalNetworkSet bigSet;
    private final GlobalNetworkSet bigSetAfter;
    private final HostEndpoint host;
    private final HostEndpoint hostAfter;

    LiveChanges(int policies, int nodes) {
        PolicySet base = Clusters.of(policies, nodes);
        host = base.hostEndpoints().stream().filter(h -> h.name().equals(Clusters.NODE + "-eth0")).findFirst()
                .orElseThrow();
        hostAfter = host.toBuilder().label("env", "staging").build();
        List<GlobalNetworkPolicy> selecting = base.globalNetworkPolicies().stream()
                .filter(p -> p.selector().matches(host.labels()))
                .filter(p -> p.selector().matches(hostAfter.labels()))
                .filter(p -> !p.ingress().isEmpty()).toList();
        edited = selecting.get(10);
        List<Rule> ingress = new ArrayList<>(edited.ingress());
        ingress.set(0, Rule.allow().protocol(Protocol.TCP)
                .destination(EntityRule.builder().ports(PortSpec.port(4242)).build()).build());
        editedAfter = edited.toBuilder().ingress(ingress).build();
        added = selecting.get(20).toBuilder().name("bench-added").build();
        deleted = selecting.get(30);
        List<Cidr> members = new ArrayList<>();
        for (int i = 0; i < BIG_SET_MEMBERS; i++) {
            // 198.18.0.0/15 (benchmarking), every other address, so no two members merge into one interval.
            members.add(Cidr.host(address(198, 18 + i / 32_000, i / 125 % 256, i % 125 * 2 + 1)));
        }
        bigSet = GlobalNetworkSet.builder(BIG_SET).labels(Map.of("bench", "large-set")).nets(members).build();
        List<Cidr> more = new ArrayList<>(members);
        more.add(Cidr.host(address(198, 19, 255, 1)));
        bigSetAfter = bigSet.toBuilder().nets(more).build();
        GlobalNetworkPolicy bigPolicy = GlobalNetworkPolicy.builder(BIG_SET_POLICY).order(1)
                .selector("has(host-endpoint)")
                .ingress(List.of(Rule.allow().protocol(Protocol.TCP)
                        .source(EntityRule.builder().selector("bench == \"large-set\"").build())
                        .destination(EntityRule.builder().ports(PortSpec.port(443)).build()).build()))
                .build();
        resources = new ArrayList<>(base.all());
        resources.add(bigSet);
        resources.add(bigPolicy);
    }

    /** {@return the cluster's resources after {@code kind}'s forward step, without an agent} */
    List<Resource> after(Kind kind) {
        List<Resource> out = new ArrayList<>(resources.size() + 1);
        Resource replaced = switch (kind) {
            case RULE_EDITED, NO_OP -> edited;
            case POLICY_ADDED -> null;
            case POLICY_DELETED -> deleted;
            case SET_MEMBER_ADDED -> bigSet;
            case HOST_LABEL_CHANGED -> host;
        };
        Resource by = switch (kind) {
            case RULE_EDITED -> editedAfter;
            case NO_OP -> edited;
            case POLICY_ADDED, POLICY_DELETED -> null;
            case SET_MEMBER_ADDED -> bigSetAfter;
            case HOST_LABEL_CHANGED -> hostAfter;
        };
        for (Resource r : resources) {
            if (r != replaced) {
                out.add(r);
            } else if (by != null) {
                out.add(by);
            }
        }
        if (kind == Kind.POLICY_ADDED) {
            out.add(added);
        }
        return out;
    }

    /** Takes the cluster from its base state to the changed one. */
    void forward(Kind kind, NodeAgent agent) {
        switch (kind) {
            case RULE_EDITED -> agent.upsert(editedAfter);
            case POLICY_ADDED -> agent.upsert(added);
            case POLICY_DELETED -> agent.delete(deleted.kind(), deleted.name());
            case SET_MEMBER_ADDED -> agent.upsert(bigSetAfter);
            case HOST_LABEL_CHANGED -> agent.upsert(hostAfter);
            case NO_OP -> agent.upsert(edited);
        }
    }

    /** Takes the cluster back from the changed state to the base one. */
    void backward(Kind kind, NodeAgent agent) {
        switch (kind) {
            case RULE_EDITED -> agent.upsert(edited);
            case POLICY_ADDED -> agent.delete(added.kind(), added.name());
            case POLICY_DELETED -> agent.upsert(deleted);
            case SET_MEMBER_ADDED -> agent.upsert(bigSet);
            case HOST_LABEL_CHANGED -> agent.upsert(host);
            case NO_OP -> agent.upsert(edited);
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
