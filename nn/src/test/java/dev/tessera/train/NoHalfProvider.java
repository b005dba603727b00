package dev.tessera.train;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.Backend;
import dev.tessera.backend.BackendProvider;
import dev.tessera.backend.DeviceInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Test backend {@code nohalf}: device {@code nohalf:0} is the reference backend refusing to store FLOAT16 and
 * BFLOAT16, as a GPU backend without half storage does. It lists no devices, so automatic device choice never sees
 * it.
 */
public final class NoHalfProvider implements BackendProvider {
    /** The device. */
    static Device device() {
        return Device.of("nohalf:0");
    }

    @Override
    public String name() {
        return "nohalf";
    }

    @Override
    public int autoPriority() {
        return -1;
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.of();
    }

    @Override
    public Backend open(int index) {
        if (index != 0) {
            throw new DeviceUnavailableException("nohalf:" + index + ": only nohalf:0 exists");
        }
        Backend inner = Device.of("reference").backend();
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class},
                (self, method, args) -> {
                    switch (method.getName()) {
                        case "deviceSpec" -> {
                            return "nohalf:0";
                        }
                        case "supports", "computes", "multiplies" -> {
                            if (((DType) args[0]).isHalf()) {
                                return false;
                            }
                        }
                        default -> {
                        }
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
