/**
 * The iptables renderer as it was at main 44d40aa (copied verbatim, only the package changed; LegacyRendering opens
 * its package-private entry points), the oracle that the
 * differential tests compare the rewritten renderer with. Not to be changed except to follow an intended change of
 * the output, which the golden files would show too.
 */
package io.hostwall.iptables.legacy;
