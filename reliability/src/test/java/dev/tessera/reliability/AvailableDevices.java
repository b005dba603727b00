package dev.tessera.reliability;

import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.DeviceInfo;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The devices this suite runs on: every device {@link Device#list()} reports, for use as a JUnit
 * {@code @MethodSource}. A test opens its device with {@link #open}, which skips (aborts, not fails) the test with the
 * backend's own reason when the device cannot start here, so reports show every backend and why one did not run.
 * {@code -Dtessera.devices=cuda:0,opencl:0} restricts the suite to those specs (the GPU run uses it).
 */
final class AvailableDevices {
    /** {@link #specs} as the value of a test's {@code @MethodSource}. */
    static final String SPECS = "dev.tessera.reliability.AvailableDevices#specs";

    private AvailableDevices() {
    }

    /** The spec of every device of every backend on the class path, available or not (or those selected). */
    static List<String> specs() {
        return Device.list().stream().map(DeviceInfo::spec).filter(AvailableDevices::selected).toList();
    }

    private static boolean selected(String spec) {
        String only = System.getProperty("tessera.devices");
        return only == null || only.isBlank() || List.of(only.split(",")).contains(spec);
    }

    /** The device {@code spec}, or an aborted test naming why it is unavailable. */
    static Device open(String spec) {
        for (DeviceInfo info : Device.list()) {
            if (info.spec().equals(spec) && !info.available()) {
                Assumptions.abort(spec + " is not available here: " + info.unavailableReason());
            }
        }
        try {
            return Device.of(spec);
        } catch (DeviceUnavailableException e) {
            Assumptions.abort(spec + " is not available here: " + e.getMessage());
            throw e;
        }
    }

    /** Every available device (opened). */
    static List<Device> all() {
        return Device.list().stream().filter(DeviceInfo::available).map(DeviceInfo::spec)
                .filter(AvailableDevices::selected).map(Device::of).toList();
    }
}
