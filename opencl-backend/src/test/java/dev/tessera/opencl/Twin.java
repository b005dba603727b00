package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import dev.tessera.testing.BufferData;

/**
 * The same data in a reference buffer and in a device buffer, so a test can run one primitive on both and compare.
 *
 * @param ref the reference backend's copy
 * @param cl  the device's copy
 */
record Twin(Buffer ref, Buffer cl) {

    /** Both copies of {@code values} as {@code dtype}. */
    static Twin of(Backend device, DType dtype, double[] values) {
        return new Twin(BufferData.upload(ClTesting.REF, dtype, values), BufferData.upload(device, dtype, values));
    }

    /** Two buffers of {@code n} elements holding garbage-free zeros (outputs). */
    static Twin zeros(Backend device, DType dtype, int n) {
        return of(device, dtype, new double[n]);
    }

    Operand refView(long offset, long... strides) {
        return Operand.view(ref, offset, strides);
    }

    Operand clView(long offset, long... strides) {
        return Operand.view(cl, offset, strides);
    }

    double[] expected() {
        return BufferData.download(ClTesting.REF, ref);
    }

    double[] actual(Backend device) {
        return BufferData.download(device, cl);
    }

    /** Frees both copies. */
    void free(Backend device) {
        ClTesting.REF.free(ref);
        device.free(cl);
    }
}
