package io.hostwall.dataplane;

import io.hostwall.ir.Ruleset;

/**
 * The kernel side of one backend in the current network namespace: what a ruleset means as kernel objects, what the
 * kernel holds of them, and how a {@link Delta} is written. A dataplane touches only what hostwall owns (its table,
 * its chains and sets, its own rules in foreign chains) and never another program's rules.
 *
 * <p>Implementations: {@code NftDataplane} (one {@code nft -f -} transaction per delta), {@code IptablesDataplane}
 * ({@code ipset restore} and one {@code iptables-restore --noflush} per table), and {@code FakeDataplane}, an
 * in-memory kernel that checks what the real ones check, for testing agents without root.
 */
public interface Dataplane {

    /** {@return the backend's name, e.g. {@code nftables}} */
    String backend();

    /**
     * The kernel objects that make up {@code ruleset}; pure, and equal for equal rulesets.
     *
     * @param ruleset a compiled ruleset
     * @return its objects in this backend's words
     */
    DesiredState desired(Ruleset ruleset);

    /**
     * Reads what the kernel holds of hostwall's objects now.
     *
     * @return the objects found, with fingerprints of the kernel's listings
     * @throws DataplaneException if the kernel tools fail
     */
    ObservedState read();

    /**
     * Writes {@code delta}: one atomic transaction (nft), or ipset and one atomic transaction per table (iptables).
     * When it throws, the kernel holds what it held before.
     *
     * @param delta the steps
     * @return what was written
     * @throws DataplaneException if a tool refuses
     */
    ApplyResult apply(Delta delta);

    /**
     * The commands {@link #apply} would give the tools for {@code delta}, for a dry run; commands that depend on
     * what the kernel holds (iptables hook reconciliation) are shown as they would be against an empty chain.
     *
     * @param delta the steps
     * @return the transaction text
     */
    String transaction(Delta delta);

    /**
     * Removes everything hostwall added: its table or chains and sets, and its rules in foreign chains.
     *
     * @return what was written
     * @throws DataplaneException if a tool refuses
     */
    ApplyResult remove();

    /**
     * Releases what this dataplane keeps between calls (a kept tool process, such as nftables' {@code nft -i}); the
     * rules stay in the kernel. A later call starts again what it needs. The default keeps nothing.
     */
    default void close() {
    }
}
