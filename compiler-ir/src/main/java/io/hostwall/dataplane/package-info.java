/**
 * The live path's SPI: a backend's {@link io.hostwall.dataplane.Dataplane} turns a compiled ruleset into kernel
 * objects ({@link io.hostwall.dataplane.DesiredState}), reads what the kernel holds
 * ({@link io.hostwall.dataplane.ObservedState}) and writes the {@link io.hostwall.dataplane.Delta} between two states
 * as one atomic transaction. Desired state lives in memory; the kernel is read only to find drift.
 */
package io.hostwall.dataplane;
