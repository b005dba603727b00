package dev.tessera.opencl;

import static org.jocl.CL.CL_DEVICE_AVAILABLE;
import static org.jocl.CL.CL_DEVICE_COMPILER_AVAILABLE;
import static org.jocl.CL.CL_DEVICE_DOUBLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.clGetDeviceInfo;

import dev.tessera.backend.DeviceInfo;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Facts about one OpenCL device, read once with {@code clGetDeviceInfo}: identity, memory limits, work-group limits
 * and the floating-point features the kernels depend on.
 *
 * @param platform            the platform handle
 * @param id                  the device handle
 * @param platformName        CL_PLATFORM_NAME
 * @param name                CL_DEVICE_NAME
 * @param vendor              CL_DEVICE_VENDOR
 * @param version             CL_DEVICE_VERSION
 * @param driver              CL_DRIVER_VERSION
 * @param kind                GPU, CPU or accelerator, from CL_DEVICE_TYPE
 * @param globalMemBytes      CL_DEVICE_GLOBAL_MEM_SIZE
 * @param maxAllocBytes       CL_DEVICE_MAX_MEM_ALLOC_SIZE: the largest single buffer
 * @param localMemBytes       CL_DEVICE_LOCAL_MEM_SIZE
 * @param computeUnits        CL_DEVICE_MAX_COMPUTE_UNITS
 * @param maxWorkGroupSize    CL_DEVICE_MAX_WORK_GROUP_SIZE
 * @param fp64                whether cl_khr_fp64 (double precision) is supported
 * @param correctlyRoundedDivideSqrt whether {@code -cl-fp32-correctly-rounded-divide-sqrt} is supported
 * @param available           CL_DEVICE_AVAILABLE
 * @param compilerAvailable   CL_DEVICE_COMPILER_AVAILABLE (kernels are built from source)
 */
record ClDevice(cl_platform_id platform, cl_device_id id, String platformName, String name, String vendor,
                String version, String driver, DeviceInfo.Kind kind, long globalMemBytes, long maxAllocBytes,
                long localMemBytes, int computeUnits, long maxWorkGroupSize, boolean fp64,
                boolean correctlyRoundedDivideSqrt, boolean available, boolean compilerAvailable) {

    /** Reads every fact of {@code device} on {@code platform}. */
    static ClDevice query(cl_platform_id platform, String platformName, cl_device_id device) {
        long type = longInfo(device, CL_DEVICE_TYPE);
        DeviceInfo.Kind kind = (type & CL_DEVICE_TYPE_GPU) != 0 ? DeviceInfo.Kind.GPU
                : (type & CL_DEVICE_TYPE_CPU) != 0 ? DeviceInfo.Kind.CPU : DeviceInfo.Kind.ACCELERATOR;
        String extensions = stringInfo(device, CL_DEVICE_EXTENSIONS);
        boolean fp64 = extensions.contains("cl_khr_fp64") && longInfo(device, CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
        boolean crDivSqrt = (longInfo(device, CL_DEVICE_SINGLE_FP_CONFIG) & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
        return new ClDevice(platform, device, platformName, stringInfo(device, CL_DEVICE_NAME).trim(),
                stringInfo(device, CL_DEVICE_VENDOR).trim(), stringInfo(device, CL_DEVICE_VERSION).trim(),
                stringInfo(device, CL_DRIVER_VERSION).trim(), kind, longInfo(device, CL_DEVICE_GLOBAL_MEM_SIZE),
                longInfo(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE), longInfo(device, CL_DEVICE_LOCAL_MEM_SIZE),
                intInfo(device, CL_DEVICE_MAX_COMPUTE_UNITS), sizeInfo(device, CL_DEVICE_MAX_WORK_GROUP_SIZE), fp64,
                crDivSqrt, intInfo(device, CL_DEVICE_AVAILABLE) != 0,
                intInfo(device, CL_DEVICE_COMPILER_AVAILABLE) != 0);
    }

    /** Why this device cannot run Tessera's kernels, or null when it can. */
    String unavailableReason() {
        if (!available) {
            return "the driver reports the device as not available (CL_DEVICE_AVAILABLE = false)";
        }
        if (!compilerAvailable) {
            return "the driver has no OpenCL C compiler for this device (CL_DEVICE_COMPILER_AVAILABLE = false); "
                    + "Tessera builds its kernels from source";
        }
        return null;
    }

    /** The {@link DeviceInfo} shown by {@code tessera devices} for this device as {@code spec}. */
    DeviceInfo describe(String spec) {
        String reason = unavailableReason();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("platform", platformName);
        details.put("vendor", vendor);
        details.put("version", version);
        details.put("driver", driver);
        details.put("compute units", Integer.toString(computeUnits));
        details.put("max alloc", maxAllocBytes + " bytes");
        details.put("local memory", localMemBytes + " bytes");
        details.put("max work-group size", Long.toString(maxWorkGroupSize));
        details.put("fp64", fp64 ? "yes" : "no");
        if (reason != null) {
            return new DeviceInfo(spec, name, kind, globalMemBytes, false, reason, Map.copyOf(details));
        }
        return DeviceInfo.available(spec, name, kind, globalMemBytes, details);
    }

    // ---------------------------------------------------------------- clGetDeviceInfo helpers

    private static String stringInfo(cl_device_id device, int param) {
        long[] size = new long[1];
        OpenClException.check(clGetDeviceInfo(device, param, 0, null, size), "clGetDeviceInfo(" + param + ")");
        byte[] bytes = new byte[(int) size[0]];
        OpenClException.check(clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null),
                "clGetDeviceInfo(" + param + ")");
        return cString(bytes);
    }

    /** A NUL-terminated string returned by an OpenCL info query. */
    static String cString(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static long longInfo(cl_device_id device, int param) {
        long[] value = new long[1];
        OpenClException.check(clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(value), null),
                "clGetDeviceInfo(" + param + ")");
        return value[0];
    }

    private static int intInfo(cl_device_id device, int param) {
        int[] value = new int[1];
        OpenClException.check(clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(value), null),
                "clGetDeviceInfo(" + param + ")");
        return value[0];
    }

    private static long sizeInfo(cl_device_id device, int param) {
        long[] value = new long[1];
        OpenClException.check(clGetDeviceInfo(device, param, Sizeof.size_t, Pointer.to(value), null),
                "clGetDeviceInfo(" + param + ")");
        return value[0];
    }
}
