package dev.tessera.opencl;

import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BackendProvider;
import dev.tessera.backend.DeviceInfo;
import java.util.List;

/**
 * Registers the OpenCL backend: devices {@code opencl:0 .. opencl:N-1} across every platform, GPUs first, with
 * automatic priority 200 (after CUDA, before the CPU backend). Cheap to construct: the native library is only loaded
 * by {@link #devices} and {@link #open}.
 */
public final class OpenClProvider implements BackendProvider {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int autoPriority() {
        return 200;
    }

    @Override
    public List<DeviceInfo> devices() {
        return OpenClDevices.get().describe();
    }

    @Override
    public Backend open(int index) {
        OpenClDevices found = OpenClDevices.get();
        String spec = "opencl:" + index;
        if (found.failure != null) {
            throw new DeviceUnavailableException(spec + ": " + found.failure);
        }
        if (index < 0 || index >= found.devices.size()) {
            throw new DeviceUnavailableException(spec + ": no such OpenCL device; there are " + found.devices.size()
                    + " (opencl:0 .. opencl:" + (found.devices.size() - 1) + ")");
        }
        ClDevice device = found.devices.get(index);
        String reason = device.unavailableReason();
        if (reason != null) {
            throw new DeviceUnavailableException(spec + " (" + device.name() + "): " + reason);
        }
        try {
            return OpenClBackend.open(device, spec);
        } catch (OpenClException e) {
            throw new DeviceUnavailableException(spec + " (" + device.name() + ") could not start: " + e.getMessage(),
                    e);
        }
    }
}
