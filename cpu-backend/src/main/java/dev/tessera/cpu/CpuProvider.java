package dev.tessera.cpu;

import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BackendProvider;
import dev.tessera.backend.DeviceInfo;
import java.util.List;

/** Registers the CPU backend as device {@code cpu} (one device: all cores of this machine). */
public final class CpuProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int autoPriority() {
        return 100;
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.of(CpuBackend.describe());
    }

    @Override
    public Backend open(int index) {
        if (index != 0) {
            throw new DeviceUnavailableException("cpu:" + index + ": the CPU backend has one device, cpu:0");
        }
        return new CpuBackend();
    }
}
