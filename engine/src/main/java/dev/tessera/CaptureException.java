package dev.tessera;

import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.RandomDistribution;

/**
 * A step cannot be captured as a graph: the message names the op and why (a host read such as {@code item()}, a
 * random draw whose stream offset would replay stale, a backend without {@link dev.tessera.backend.StepCapture}). Callers that capture
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

    /** A backend's refusal of {@link Backend#read} of {@code length} elements of {@code src} during a capture. */
    public static CaptureException hostRead(String device, Buffer src, int length) {
        return new CaptureException("read of " + length + " " + src.dtype() + " elements on " + device
                + ": a host read inside a captured step (its data is not computed until replay)");
    }

    /** A backend's refusal of {@link Backend#random} during a capture: its stream offset is a launch argument. */
    public static CaptureException randomDraw(String device, RandomDistribution dist, long count) {
        return new CaptureException("random " + dist + " (" + count + " draws) on " + device
                + ": a random draw inside a captured step would replay the same stream offset every step");
    }
}
