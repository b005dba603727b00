package dev.tessera;

/**
 * Thrown when a requested device or backend cannot start. The message gives the exact reason (a missing library,
 * no platform, no such device index), so a forced device never falls back silently to another one.
 */
public class DeviceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the reason as message. */
    public DeviceUnavailableException(String message) {
        super(message);
    }

    /** An exception with the reason as message and the underlying cause. */
    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
