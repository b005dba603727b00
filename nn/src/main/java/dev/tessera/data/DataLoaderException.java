package dev.tessera.data;

/** Thrown by a {@link DataLoader} when preparing a batch failed; the cause is the original error. */
public final class DataLoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DataLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
