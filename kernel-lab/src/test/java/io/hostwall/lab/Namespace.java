package io.hostwall.lab;

import java.util.ArrayList;
import java.util.List;

/** A network namespace this run created ({@code ip netns add}); commands run in it through {@code ip netns exec}. */
final class Namespace {
    final String name;

    private Namespace(String name) {
        this.name = name;
    }

    static Namespace create(String name) {
        Cmd.run("ip", "netns", "add", name).orThrow();
        Namespace ns = new Namespace(name);
        // Loopback up: local sockets (and ping to the node's own addresses) need it.
        ns.ok("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** Runs {@code command} in the namespace with {@code stdin} as its input. */
    Cmd.Result pipe(String stdin, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return Cmd.run(cmd, stdin);
    }

    Cmd.Result exec(String... command) {
        return pipe("", command);
    }

    /** Runs a command that must succeed. */
    String ok(String... command) {
        return pipe("", command).orThrow().out();
    }

    void sysctl(String key, String value) {
        ok("sysctl", "-q", "-w", key + "=" + value);
    }

    void delete() {
        Cmd.run("ip", "netns", "del", name);
    }

    @Override
    public String toString() {
        return name;
    }
}
