package io.hostwall.cli;

import io.hostwall.dataplane.ApplyResult;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.ObservedState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code hostwall remove}: takes out of the current network namespace exactly what hostwall added (its table, or its
 * chains, sets and hook rules) and forgets the state file. Other programs' rules stay; a second run finds nothing.
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Removes what 'hostwall apply' or 'hostwall watch' added to the current network namespace:"
                + " the nftables table, or hostwall's iptables chains, ipsets and hook rules; other rules stay.",
                "Deletes the state file too. Idempotent: with nothing to remove it says so and exits 0."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  hostwall remove --backend nftables",
                "  ip netns exec ns1 hostwall remove --backend iptables"})
final class RemoveCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataplaneFlags target;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Dataplane dataplane = target.dataplane();
        StateFile state = target.stateFile();
        String where = target.backend().name() + ", table " + target.renderOptions().tableName();
        ObservedState seen = dataplane.read();
        if (!seen.present() && seen.objects().isEmpty()) {
            boolean hadState = state.delete();
            out.println("nothing to remove: no hostwall rules (" + where + ") in this network namespace"
                    + (hadState ? "; deleted the stale " + state.path() : ""));
            out.flush();
            return ExitCode.OK.code();
        }
        ApplyResult result = dataplane.remove();
        state.delete();
        out.println("removed hostwall's rules (" + where + "): " + seen.objects().size() + " objects, "
                + result.bytes() + " bytes, " + result.duration().toMillis() + " ms");
        out.flush();
        return ExitCode.OK.code();
    }
}
