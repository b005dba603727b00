package dev.tessera.nn;

import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import org.junit.jupiter.api.Assumptions;

/** Opens the device a conformance test runs on, or skips the test naming why the device is not available here. */
public final class DeviceUnderTest {
    private DeviceUnderTest() {
    }

    /** The device {@code spec}; aborts the calling test (a skip, not a failure) when it cannot be opened. */
    public static Device openOrSkip(String spec) {
        try {
            return Device.of(spec);
        } catch (DeviceUnavailableException e) {
            Assumptions.abort(spec + " is not available here: " + e.getMessage());
            throw new AssertionError("Assumptions.abort returned", e);
        }
    }
}
