package dev.tessera.nn;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;

/**
 * Where a module creates its parameters and how it initializes them: the device, the floating dtype and the random
 * generator its initializers draw from. Two modules built with generators of the same seed get identical
 * parameters on every backend (the draws are counter-based, see {@link Generator}).
 *
 * @param device    the device parameters and buffers live on
 * @param dtype     FLOAT32 or FLOAT64
 * @param generator the source of initial values and, for dropout, of masks
 */
public record TensorOptions(Device device, DType dtype, Generator generator) {
    /** Checks the dtype is floating and nothing is null. */
    public TensorOptions {
        if (device == null || dtype == null || generator == null) {
            throw new IllegalArgumentException("TensorOptions: device, dtype and generator must not be null");
        }
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("TensorOptions: parameters need a floating dtype, got " + dtype);
        }
    }

    /** The default device, FLOAT32 and the global generator (read when this method is called). */
    public static TensorOptions defaults() {
        return new TensorOptions(Device.defaultDevice(), DType.FLOAT32, Generator.global());
    }

    /** These options on {@code newDevice}. */
    public TensorOptions onDevice(Device newDevice) {
        return new TensorOptions(newDevice, dtype, generator);
    }

    /** These options with parameters of {@code newDtype}. */
    public TensorOptions ofType(DType newDtype) {
        return new TensorOptions(device, newDtype, generator);
    }

    /** These options drawing from a fresh generator for {@code seed}. */
    public TensorOptions seeded(long seed) {
        return new TensorOptions(device, dtype, new Generator(seed));
    }
}
