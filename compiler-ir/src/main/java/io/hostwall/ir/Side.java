package io.hostwall.ir;

/** Which header field a match reads: the source or the destination address/port. */
public enum Side {
    /** The source address or port. */
    SOURCE,
    /** The destination address or port. */
    DESTINATION
}
