package dev.tessera.cuda;

import jcuda.driver.CUdeviceptr;

/** A JCuda device pointer that also tells its raw address, which kernels receive as a 64-bit argument. */
final class DevicePointer extends CUdeviceptr {
    /** The device address this pointer holds (0 until the driver set it). */
    long address() {
        return getNativePointer();
    }
}
