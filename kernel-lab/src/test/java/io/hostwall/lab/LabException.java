package io.hostwall.lab;

/** The lab could not do what a test asked of the kernel (a tool failed, an agent died). */
final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LabException(String message) {
        super(message);
    }

    LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
