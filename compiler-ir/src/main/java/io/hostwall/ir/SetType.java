package io.hostwall.ir;

/** What an {@link IpSet} holds. */
public enum SetType {
    /** Networks (CIDRs; single addresses as /32 or /128). Members never overlap. */
    NETWORKS,
    /** (address, protocol, port) triples: named ports. */
    ADDRESS_PROTOCOL_PORT
}
