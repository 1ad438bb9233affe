package io.hostwall.iptables;

import io.hostwall.dataplane.ToolRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A scripted {@link ToolRunner}: canned answers by command line, every call recorded, chosen calls refused. */
final class FakeTools implements ToolRunner {
    record Call(String command, String stdin) {}

    final List<Call> calls = new ArrayList<>();
    private final Map<String, String> outputs = new HashMap<>();
    private Predicate<Call> refuse = c -> false;

    /** {@code command} (words joined by blanks) prints {@code stdout}. */
    FakeTools answer(String command, String stdout) {
        outputs.put(command, stdout);
        return this;
    }

    FakeTools refuse(Predicate<Call> which) {
        this.refuse = which;
        return this;
    }

    @Override
    public Result run(List<String> command, String stdin) {
        Call c = new Call(String.join(" ", command), stdin);
        calls.add(c);
        if (refuse.test(c)) {
            return new Result(1, "", "iptables-restore: line 2 failed");
        }
        if (command.contains("-S") && !outputs.containsKey(c.command())) {
            // What iptables-nft 1.8.9 prints for a chain that does not exist.
            return new Result(1, "", "iptables v1.8.9 (nf_tables): chain `" + command.get(command.size() - 1)
                    + "' in table `filter' is incompatible, use 'nft' tool.");
        }
        if (c.command().startsWith("ipset save ") && !outputs.containsKey(c.command())) {
            return new Result(1, "", "ipset v7.17: The set with the given name does not exist");
        }
        return new Result(0, outputs.getOrDefault(c.command(), ""), "");
    }

    List<String> writes() {
        return calls.stream().filter(c -> !c.stdin().isEmpty()).map(c -> c.command() + "\n" + c.stdin()).toList();
    }
}
