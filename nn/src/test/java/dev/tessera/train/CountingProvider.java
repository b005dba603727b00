package dev.tessera.train;

import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.Backend;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test backend {@code counting}: device {@code counting:i} is the i-th device registered with {@link #wrap}, behind
 * a {@link CountingBackend}.
 */
public final class CountingProvider extends UnlistedProvider {
    private static final List<String> WRAPPED = new CopyOnWriteArrayList<>();
    private static final Map<String, CountingBackend> COUNTERS = new ConcurrentHashMap<>();

    /** The counting device in front of device {@code spec}. */
    static Device wrap(String spec) {
        synchronized (WRAPPED) {
            if (!WRAPPED.contains(spec)) {
                WRAPPED.add(spec);
            }
            return Device.of("counting:" + WRAPPED.indexOf(spec));
        }
    }

    /** The read counter of counting device {@code device}. */
    static CountingBackend counter(Device device) {
        return COUNTERS.get(device.spec());
    }

    /** The provider ServiceLoader instantiates. */
    public CountingProvider() {
        super("counting");
    }

    @Override
    public Backend open(int index) {
        if (index < 0 || index >= WRAPPED.size()) {
            throw new DeviceUnavailableException("counting:" + index + ": no device registered at that index");
        }
        String spec = "counting:" + index;
        CountingBackend c = new CountingBackend(Device.of(WRAPPED.get(index)).backend(), spec);
        COUNTERS.put(spec, c);
        return c.backend();
    }
}
