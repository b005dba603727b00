package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;

/**
 * What the driver says about one device, read without creating a context.
 *
 * @param ordinal         device index
 * @param name            e.g. "NVIDIA H100 80GB HBM3"
 * @param memoryBytes     total device memory
 * @param major           compute capability, major
 * @param minor           compute capability, minor
 * @param multiprocessors streaming multiprocessors
 */
record DeviceFacts(int ordinal, String name, long memoryBytes, int major, int minor, int multiprocessors) {

    /** Reads the facts of device {@code ordinal} (the driver is initialised). */
    static DeviceFacts read(int ordinal) {
        CUdevice d = new CUdevice();
        CudaException.check(cuDeviceGet(d, ordinal), "cuDeviceGet(" + ordinal + ")");
        byte[] name = new byte[256];
        CudaException.check(cuDeviceGetName(name, name.length, d), "cuDeviceGetName");
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        long[] mem = new long[1];
        CudaException.check(cuDeviceTotalMem(mem, d), "cuDeviceTotalMem");
        return new DeviceFacts(ordinal, new String(name, 0, len, StandardCharsets.US_ASCII), mem[0],
                attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT));
    }

    private static int attribute(CUdevice d, int attribute) {
        int[] v = new int[1];
        CudaException.check(cuDeviceGetAttribute(v, attribute, d), "cuDeviceGetAttribute(" + attribute + ")");
        return v[0];
    }
}
