/**
 * The live path: a {@link io.hostwall.compiler.agent.NodeAgent} keeps one node's rules in the kernel while the
 * cluster changes, through a backend's {@link io.hostwall.dataplane.Dataplane}.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Desired state in memory.</b> The agent holds the cluster's resources and the node's facts, the desired
 *   state of the last good compile and the state it last wrote. A change is recompiled by one long-lived
 *   {@link io.hostwall.compiler.HostwallCompiler}, whose cluster cache keeps selector resolution, sets and the
 *   compiled chains of unchanged policies; the kernel gets {@link io.hostwall.dataplane.Delta#between} the state
 *   last written and the new one, in Felix's transaction order, so a one-policy change rewrites that policy's
 *   chains and a set gaining a member adds one element. The kernel is not read back after a write (Felix found the
 *   re-read dominating every sync at scale).</li>
 *   <li><b>Changes that cannot matter cost nothing.</b> A policy upsert or delete whose selector matches none of this
 *   node's host endpoints, before or after the change, (and whose tier exists) is taken into the cluster without a
 *   compile or an apply; so is re-sending a resource unchanged. Every other kind recompiles: endpoints of other
 *   nodes, network sets and profiles feed selectors and sets.</li>
 *   <li><b>Bursts coalesce.</b> The first change of a burst schedules one sync {@code minInterval} later on the
 *   agent's single thread; every change queued by then joins it (kube-proxy's bounded-frequency runner, Felix's
 *   rate limit).</li>
 *   <li><b>Failures.</b> Dataplanes are atomic: a refused write leaves the previous ruleset in force. The agent
 *   retries with exponential backoff, and the next successful write is a ReplaceAll (which also repairs whatever
 *   the failed state hid). A compile error is reported and touches nothing: the last good ruleset stays.</li>
 *   <li><b>Drift.</b> Every {@code resyncInterval} (and at {@code resyncNow()}) the agent reads the kernel; a
 *   {@link io.hostwall.dataplane.DriftDetector} compares sizes with the desired state and fingerprints with those
 *   learned at the first read after each write, and {@link io.hostwall.dataplane.Delta#repair} rewrites only what
 *   is missing, changed or unexpected; a deleted table is a ReplaceAll. Other programs' rules in foreign chains
 *   are not hostwall's and stay.</li>
 *   <li><b>Restarts.</b> The start is a ReplaceAll, which replaces what an earlier run left in one transaction
 *   (no moment without rules, no duplicated hooks). With the earlier run's
 *   {@link io.hostwall.dataplane.DataplaneSnapshot} and a kernel that still matches it, only the delta is
 *   written.</li>
 * </ul>
 */
package io.hostwall.compiler.agent;
