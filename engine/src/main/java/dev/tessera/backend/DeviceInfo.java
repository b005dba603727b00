package dev.tessera.backend;

import java.util.Map;

/**
 * What a backend reports about one of its devices, whether or not it can start.
 *
 * @param spec              the device spec, e.g. {@code cpu}, {@code opencl:0}, {@code cuda:0}
 * @param name              human-readable device name
 * @param kind              GPU, CPU or another accelerator
 * @param memoryBytes       total device memory in bytes (0 if unknown)
 * @param available         whether {@link BackendProvider#open} is expected to succeed
 * @param unavailableReason why it cannot start (null when available)
 * @param details           further facts shown by {@code tessera devices} (platform, GEMM path, ...)
 */
public record DeviceInfo(String spec, String name, Kind kind, long memoryBytes, boolean available,
                         String unavailableReason, Map<String, String> details) {

    /** Broad class of a device, used to order automatic selection. */
    public enum Kind { GPU, CPU, ACCELERATOR }

    /** An available device. */
    public static DeviceInfo available(String spec, String name, Kind kind, long memoryBytes,
                                       Map<String, String> details) {
        return new DeviceInfo(spec, name, kind, memoryBytes, true, null, Map.copyOf(details));
    }

    /** A device (or a whole backend, with spec like {@code cuda}) that cannot start, with the reason. */
    public static DeviceInfo unavailable(String spec, String reason) {
        return new DeviceInfo(spec, spec, Kind.ACCELERATOR, 0, false, reason, Map.of());
    }
}
