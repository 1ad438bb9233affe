package io.hostwall.iptables.legacy;

/**
 * The rule in built-in chain {@code builtin} that hands packets to an own chain. It carries an owner comment, the
 * tag, so that re-applying can tell hostwall's hooks from everybody else's rules in the same built-in chain.
 */
record HookRule(String builtin, String target) {

    /** The rule text after {@code -A BUILTIN}; iptables-save prints it back in the same form. */
    String spec(String tag) {
        return "-m comment --comment " + IptablesText.quoted(tag, IptablesText.MAX_COMMENT) + " -j " + target;
    }
}
