package io.hostwall.ir;

/** Which header field a match reads: the source or the destination address/port. */
public enum Side {
    SOURCE,
    DESTINATION
}
