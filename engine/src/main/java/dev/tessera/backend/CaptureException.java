package dev.tessera.backend;

/**
 * A step cannot be captured as a graph: the message names the op and why (a host read such as {@code item()}, a
 * random draw whose stream offset would replay stale, a backend without {@link StepCapture}). Callers that capture
 * opportunistically (nn's {@code CompiledStep}) catch it and run the step eagerly.
 */
public class CaptureException extends RuntimeException {
    /** An exception with {@code message}, which names the op and the reason. */
    public CaptureException(String message) {
        super(message);
    }

    /** An exception with {@code message} caused by {@code cause} (a backend's capture error). */
    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
