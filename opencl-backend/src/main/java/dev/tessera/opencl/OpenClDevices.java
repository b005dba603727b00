package dev.tessera.opencl;

import static org.jocl.CL.CL_DEVICE_NOT_FOUND;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import dev.tessera.backend.DeviceInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Discovers the OpenCL devices of every platform once per JVM and orders them GPUs first, then accelerators, then
 * CPUs (stable within a kind), which is the numbering of {@code opencl:N}. When nothing can be found the result says
 * exactly why: no ICD loader library, no platform (no vendor driver registered), or platforms without devices.
 */
final class OpenClDevices {
    private static volatile OpenClDevices instance;

    /** The usable and unusable devices in {@code opencl:N} order (empty when {@link #failure} is set). */
    final List<ClDevice> devices;
    /** Why no device could be listed at all, or null. */
    final String failure;

    private OpenClDevices(List<ClDevice> devices, String failure) {
        this.devices = devices;
        this.failure = failure;
    }

    /**
     * The discovery result, computed on first use (loading the drivers, which may take the JVM's signal handlers:
     * {@link SignalChaining} warns then). Never throws.
     */
    static OpenClDevices get() {
        OpenClDevices d = instance;
        if (d == null) {
            synchronized (OpenClDevices.class) {
                if (instance == null) {
                    instance = discover();
                    SignalChaining.warnOnce(System.getLogger("dev.tessera.opencl"));
                }
                d = instance;
            }
        }
        return d;
    }

    /** One {@link DeviceInfo} per device, or a single unavailable {@code opencl} entry with the reason. */
    List<DeviceInfo> describe() {
        if (failure != null) {
            return List.of(DeviceInfo.unavailable("opencl", failure));
        }
        List<DeviceInfo> out = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            out.add(devices.get(i).describe("opencl:" + i));
        }
        return out;
    }

    private static OpenClDevices discover() {
        try {
            return enumerate();
        } catch (LinkageError e) {
            return new OpenClDevices(List.of(), "no OpenCL ICD loader: libOpenCL.so.1 (or the JOCL native library) "
                    + "could not be loaded (" + e.getMessage() + "); install an ICD loader such as "
                    + "ocl-icd-libopencl1 and a vendor driver");
        } catch (OpenClException e) {
            return new OpenClDevices(List.of(), "OpenCL device discovery failed: " + e.getMessage());
        }
    }

    private static OpenClDevices enumerate() {
        int[] count = new int[1];
        int status = clGetPlatformIDs(0, null, count);
        if (status == -1001 || (status == CL_SUCCESS && count[0] == 0)) {
            return new OpenClDevices(List.of(), "no OpenCL platform: the ICD loader found no vendor driver "
                    + "(check /etc/OpenCL/vendors or OCL_ICD_VENDORS; on Debian install pocl-opencl-icd for CPUs)");
        }
        OpenClException.check(status, "clGetPlatformIDs");
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        OpenClException.check(clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
        List<ClDevice> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            String platformName = platformName(platform);
            names.add(platformName);
            int[] n = new int[1];
            int s = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
            if (s == CL_DEVICE_NOT_FOUND || n[0] == 0) {
                continue;
            }
            OpenClException.check(s, "clGetDeviceIDs(" + platformName + ")");
            cl_device_id[] ids = new cl_device_id[n[0]];
            OpenClException.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null),
                    "clGetDeviceIDs(" + platformName + ")");
            for (cl_device_id id : ids) {
                found.add(ClDevice.query(platform, platformName, id));
            }
        }
        if (found.isEmpty()) {
            return new OpenClDevices(List.of(), "no OpenCL device: the platforms " + names + " report no devices");
        }
        found.sort(Comparator.comparingInt(d -> switch (d.kind()) {
            case GPU -> 0;
            case ACCELERATOR -> 1;
            case CPU -> 2;
        }));
        return new OpenClDevices(List.copyOf(found), null);
    }

    private static String platformName(cl_platform_id platform) {
        long[] size = new long[1];
        OpenClException.check(clGetPlatformInfo(platform, CL_PLATFORM_NAME, 0, null, size), "clGetPlatformInfo");
        byte[] bytes = new byte[(int) size[0]];
        OpenClException.check(clGetPlatformInfo(platform, CL_PLATFORM_NAME, bytes.length, Pointer.to(bytes), null),
                "clGetPlatformInfo");
        return ClDevice.cString(bytes).trim();
    }
}
