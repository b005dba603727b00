package dev.tessera.backend.reference;

import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BackendProvider;
import dev.tessera.backend.DeviceInfo;
import java.util.List;

/** Registers the {@link ReferenceBackend} as device {@code reference}; never chosen automatically. */
public final class ReferenceProvider implements BackendProvider {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int autoPriority() {
        return -1;
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.of(new ReferenceBackend().info());
    }

    @Override
    public Backend open(int index) {
        if (index != 0) {
            throw new DeviceUnavailableException("reference:" + index + ": the reference backend has one device, "
                    + "reference:0");
        }
        return new ReferenceBackend();
    }
}
