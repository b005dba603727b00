package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Whether the CUDA driver can be used in this process, probed once: JCuda's native library must load (it needs
 * libcuda.so.1 from the NVIDIA driver), cuInit must succeed, and at least one device must exist. Never throws; an
 * unusable driver gives the reason.
 *
 * @param available     whether devices can be opened
 * @param reason        why not (null when available)
 * @param deviceCount   number of CUDA devices
 * @param driverVersion cuDriverGetVersion (e.g. 13000 for CUDA 13.0), 0 if unknown
 */
record DriverProbe(boolean available, String reason, int deviceCount, int driverVersion) {
    private static DriverProbe result;

    /** The probe's result, computed on first use. */
    static synchronized DriverProbe get() {
        if (result == null) {
            result = probe();
        }
        return result;
    }

    private static DriverProbe probe() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int r = cuInit(0);
            if (r != CUresult.CUDA_SUCCESS) {
                return unavailable("cuInit failed: " + CudaException.describe(r));
            }
            int[] version = new int[1];
            CudaException.check(cuDriverGetVersion(version), "cuDriverGetVersion");
            int[] count = new int[1];
            CudaException.check(cuDeviceGetCount(count), "cuDeviceGetCount");
            if (count[0] == 0) {
                return new DriverProbe(false, "the CUDA driver reports no devices", 0, version[0]);
            }
            return new DriverProbe(true, null, count[0], version[0]);
        } catch (LinkageError | jcuda.CudaException | CudaException e) {
            return unavailable(explain(e));
        }
    }

    private static DriverProbe unavailable(String reason) {
        return new DriverProbe(false, reason, 0, 0);
    }

    /** The reason a native-library failure gives, naming libcuda.so.1 when that is what is missing. */
    static String explain(Throwable e) {
        String linker = NativeErrors.summary(e);
        if (linker.startsWith("libcuda.so.1: cannot open shared object file")) {
            return "libcuda.so.1 not found (no NVIDIA driver on this machine): " + linker;
        }
        return "the JCuda driver library could not be loaded: " + linker;
    }
}
