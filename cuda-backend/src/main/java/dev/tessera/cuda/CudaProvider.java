package dev.tessera.cuda;

import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BackendProvider;
import dev.tessera.backend.DeviceInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the CUDA backend (devices {@code cuda:0}, {@code cuda:1}, ...; auto priority 300, the highest). Where
 * the driver cannot be used (no libcuda.so.1, no device) or the build left out the PTX kernels, {@link #devices()}
 * returns a single unavailable entry {@code cuda} with that reason, and {@link #open} throws it.
 */
public final class CudaProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int autoPriority() {
        return 300;
    }

    @Override
    public List<DeviceInfo> devices() {
        String reason = unavailableReason();
        if (reason != null) {
            return List.of(DeviceInfo.unavailable("cuda", reason));
        }
        DriverProbe driver = DriverProbe.get();
        String gemm = CublasLoader.plan().describe();
        List<DeviceInfo> out = new ArrayList<>();
        for (int i = 0; i < driver.deviceCount(); i++) {
            try {
                DeviceFacts f = DeviceFacts.read(i);
                Map<String, String> details = new LinkedHashMap<>(CudaBackend.describe(f, driver.driverVersion()));
                details.put("gemm", gemm);
                out.add(DeviceInfo.available("cuda:" + i, f.name(), DeviceInfo.Kind.GPU, f.memoryBytes(), details));
            } catch (CudaException e) {
                out.add(DeviceInfo.unavailable("cuda:" + i, e.getMessage()));
            }
        }
        return out;
    }

    @Override
    public Backend open(int index) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new DeviceUnavailableException("cuda:" + index + ": " + reason);
        }
        DriverProbe driver = DriverProbe.get();
        if (index < 0 || index >= driver.deviceCount()) {
            throw new DeviceUnavailableException("cuda:" + index + ": no such device (this machine has "
                    + driver.deviceCount() + " CUDA device" + (driver.deviceCount() == 1 ? "" : "s") + ")");
        }
        try {
            return new CudaBackend(index, driver.driverVersion());
        } catch (CudaException | IllegalStateException e) {
            throw new DeviceUnavailableException("cuda:" + index + ": " + e.getMessage(), e);
        }
    }

    /** Why no CUDA device can be used here, or null. */
    private static String unavailableReason() {
        DriverProbe driver = DriverProbe.get();
        if (!driver.available()) {
            return driver.reason();
        }
        if (!KernelTable.ptxPresent()) {
            return "the CUDA kernels (PTX) are not in this build (tessera-kernels was built with "
                    + "-Dtessera.skipCuda=true or without nvcc)";
        }
        return null;
    }
}
