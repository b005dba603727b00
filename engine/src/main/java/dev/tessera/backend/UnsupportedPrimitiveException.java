package dev.tessera.backend;

/**
 * Thrown by a backend for a primitive, dtype or variant it does not implement. The conformance suite reports
 * these as "unsupported" rather than as failures; core never falls back to another device.
 */
public class UnsupportedPrimitiveException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the backend and what it does not support. */
    public UnsupportedPrimitiveException(String backend, String what) {
        super(backend + ": " + what + " is not supported by this backend");
    }
}
