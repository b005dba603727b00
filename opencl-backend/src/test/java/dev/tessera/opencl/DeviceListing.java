package dev.tessera.opencl;

import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.DeviceInfo;

/**
 * Prints what the OpenCL provider reports and what opening {@code opencl:0} says, one line each; run in a child
 * JVM by {@link OpenClProviderTest} with a modified OpenCL environment.
 */
final class DeviceListing {
    private DeviceListing() {
    }

    public static void main(String[] args) {
        OpenClProvider provider = new OpenClProvider();
        for (DeviceInfo d : provider.devices()) {
            System.out.println(d.spec() + (d.available() ? " available: " + d.name()
                    : " unavailable: " + d.unavailableReason()));
        }
        try {
            provider.open(0);
            System.out.println("opencl:0 opened");
        } catch (DeviceUnavailableException e) {
            System.out.println("opencl:0 failed: " + e.getMessage());
        }
    }
}
