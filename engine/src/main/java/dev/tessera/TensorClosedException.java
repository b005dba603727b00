package dev.tessera;

/**
 * Thrown when a closed tensor is used. In debug mode ({@link Tessera#setDebug}) the cause is a stack trace of the
 * place where the tensor was closed.
 */
public class TensorClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An exception whose cause, if not null, records where the tensor was closed. */
    public TensorClosedException(String message, Throwable closedAt) {
        super(message, closedAt);
    }
}
