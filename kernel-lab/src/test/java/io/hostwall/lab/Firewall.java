package io.hostwall.lab;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.spi.RenderedRuleset;
import io.hostwall.model.PolicySet;
import java.net.InetAddress;
import java.util.List;

/** Compiles a policy set for one lab node, renders it with a backend and loads it into that node's kernel. */
final class Firewall {
    private Firewall() {}

    /** What was deployed, kept so a failure can print everything needed to replay it. */
    record Deployed(String node, KernelBackend backend, PolicySet set, CompiledNode compiled,
            RenderedRuleset rendered) {
        String describe() {
            return "node " + node + ", backend " + backend + "\n" + Manifests.describe(set)
                    + (compiled.warnings().isEmpty() ? "" : "compile warnings: " + compiled.warnings() + "\n")
                    + KernelBackend.describe(rendered);
        }
    }

    /** The options a node agent on a lab node would use: the defaults. */
    static CompileOptions options() {
        return CompileOptions.defaults();
    }

    /** What a node agent on this lab node knows of it: its interfaces and their addresses. */
    static NodeFacts facts(Lab lab, Host host) {
        return NodeFacts.builder()
                .addInterface(Lab.ETH0, List.<InetAddress>of(host.v4(), host.v6()))
                .addInterface(lab.workloadInterface(), List.of(Lab.ip("169.254.1.1")))
                .build();
    }

    static CompiledNode compile(Lab lab, Host host, String nodeName, PolicySet set) {
        return compile(lab, host, nodeName, set, options());
    }

    static CompiledNode compile(Lab lab, Host host, String nodeName, PolicySet set, CompileOptions options) {
        try {
            return HostwallCompiler.create(options).compile(set, nodeName, facts(lab, host));
        } catch (CompileException e) {
            throw new AssertionError("compile of " + nodeName + " failed: " + e.getMessage() + "\n"
                    + Manifests.describe(set), e);
        }
    }

    /** Compiles for {@code nodeName}, renders, loads into {@code host}; fails the test if the kernel refuses. */
    static Deployed deploy(Lab lab, Host host, String nodeName, KernelBackend backend, PolicySet set) {
        return deploy(lab, host, nodeName, backend, set, options());
    }

    /** As {@link #deploy(Lab, Host, String, KernelBackend, PolicySet)}, compiled with {@code options}. */
    static Deployed deploy(Lab lab, Host host, String nodeName, KernelBackend backend, PolicySet set,
            CompileOptions options) {
        CompiledNode compiled = compile(lab, host, nodeName, set, options);
        Deployed d = new Deployed(nodeName, backend, set, compiled, backend.render(compiled.ruleset()));
        Cmd.Result r = backend.apply(host.ns(), d.rendered());
        if (!r.ok()) {
            throw new AssertionError("the kernel refused the " + backend + " ruleset: " + r.describe() + "\n"
                    + d.describe());
        }
        return d;
    }

    /** Compiles and renders without loading anything. */
    static Deployed build(Lab lab, Host host, String nodeName, KernelBackend backend, PolicySet set) {
        CompiledNode compiled = compile(lab, host, nodeName, set);
        return new Deployed(nodeName, backend, set, compiled, backend.render(compiled.ruleset()));
    }

    /** The usual case: node1's policy on the lab's node. */
    static Deployed deploy(Lab lab, KernelBackend backend, PolicySet set) {
        return deploy(lab, lab.node(), "node1", backend, set);
    }
}
