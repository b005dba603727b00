package dev.tessera.train;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.Backend;
import dev.tessera.backend.ForwardingBackend;

/**
 * Test backend {@code nohalf}: device {@code nohalf:0} is the reference backend refusing to store FLOAT16 and
 * BFLOAT16, as a GPU backend without half storage does. It lists no devices, so automatic device choice never sees
 * it.
 */
public final class NoHalfProvider extends UnlistedProvider {
    /** The device. */
    static Device device() {
        return Device.of("nohalf:0");
    }

    /** The provider ServiceLoader instantiates. */
    public NoHalfProvider() {
        super("nohalf");
    }

    @Override
    public Backend open(int index) {
        if (index != 0) {
            throw new DeviceUnavailableException("nohalf:" + index + ": only nohalf:0 exists");
        }
        return new ForwardingBackend(Device.of("reference").backend()) {
            @Override
            public String deviceSpec() {
                return "nohalf:0";
            }

            @Override
            public boolean supports(DType dtype) {
                return !dtype.isHalf() && delegate.supports(dtype);
            }

            @Override
            public boolean computes(DType dtype) {
                return !dtype.isHalf() && delegate.computes(dtype);
            }
        };
    }
}
