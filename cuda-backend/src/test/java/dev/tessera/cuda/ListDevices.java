package dev.tessera.cuda;

import dev.tessera.Device;
import dev.tessera.backend.DeviceInfo;

/**
 * Prints every device of every backend on the class path with its availability, reason and details (what
 * {@code tessera devices} shows), then opens {@code cuda:0} to report the GEMM path actually taken. Run by the GPU
 * bundle first, so a run that cannot use the GPU says why at the top.
 */
public final class ListDevices {
    private ListDevices() {
    }

    public static void main(String[] args) {
        for (DeviceInfo d : Device.list()) {
            System.out.println(d.spec() + "  " + d.name() + (d.available() ? "" : "  UNAVAILABLE: "
                    + d.unavailableReason()));
            d.details().forEach((k, v) -> System.out.println("    " + k + ": " + v));
        }
        Device cuda = Device.of("cuda:0");
        System.out.println("opened " + cuda + ": gemm = " + cuda.info().details().get("gemm"));
    }
}
