package io.hostwall.dataplane;

/**
 * A kernel tool refused or failed: the transaction it was given changed nothing (nft and the restore tools are
 * all-or-nothing per transaction), and the message says which tool and what it printed.
 */
public final class DataplaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure with its explanation.
     *
     * @param message which tool, its exit status and what it printed
     */
    public DataplaneException(String message) {
        super(message);
    }

    /**
     * A failure caused by another.
     *
     * @param message what was being done
     * @param cause why it failed
     */
    public DataplaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
