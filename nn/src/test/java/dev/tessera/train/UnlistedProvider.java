package dev.tessera.train;

import dev.tessera.backend.BackendProvider;
import dev.tessera.backend.DeviceInfo;
import java.util.List;

/**
 * A test backend provider that lists no devices and has a negative auto priority, so nothing that enumerates devices
 * (or picks one automatically) ever sees it: only a device named explicitly reaches {@link #open}.
 */
abstract class UnlistedProvider implements BackendProvider {
    private final String name;

    UnlistedProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int autoPriority() {
        return -1;
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.of();
    }
}
