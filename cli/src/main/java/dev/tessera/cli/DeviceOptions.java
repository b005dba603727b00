package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import picocli.CommandLine.Option;

/** The options every computing command shares: {@code --device} and {@code --debug}. */
final class DeviceOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV",
            description = "auto, cpu, opencl:N or cuda:N (default: ${DEFAULT-VALUE}: the best device found)")
    String device;

    @Option(names = "--debug", description = "on an error, print the stack trace too")
    boolean debug;

    /**
     * The device asked for, made the default device for tensors created without one. {@code auto} picks the best
     * available; a named device that cannot start is an error with the reason (never a fallback).
     */
    Device open() {
        Device d = device.equalsIgnoreCase("auto") ? Device.auto() : Device.of(device);
        Device.setDefault(d);
        return d;
    }

    /** FLOAT64 where the device computes it, else FLOAT32 (for the classical statistics tools). */
    static DType widest(Device d) {
        return d.backend().supports(DType.FLOAT64) ? DType.FLOAT64 : DType.FLOAT32;
    }
}
