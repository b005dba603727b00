package dev.tessera.opencl;

import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clGetProgramBuildInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Builds each OpenCL program once per context from the kernel sources packaged under
 * {@code dev/tessera/kernels/opencl/} and caches the program and its kernels. A program is one kernel family's file
 * (with the shared headers it needs) compiled with a set of {@code -D} defines (dtype, tile sizes, ...). A build
 * failure throws with the device's complete build log. Thread-safe.
 */
final class ProgramCache {
    private static final String RESOURCES = "dev/tessera/kernels/opencl/";

    /** A kernel family: its source file and the shared headers prepended to it. */
    enum Family {
        ELEMENTWISE("elementwise.cl", "common.cl", "math.cl", "ops.cl"),
        REDUCE("reduce.cl", "common.cl"),
        GEMM("gemm.cl", "common.cl"),
        INDEX("index.cl", "common.cl"),
        RANDOM("random.cl", "common.cl"),
        SOFTMAX("softmax.cl", "common.cl"),
        CONV("conv.cl", "common.cl"),
        FUSED("fused.cl", "common.cl", "math.cl", "ops.cl"),
        RECURRENT("recurrent.cl", "common.cl", "math.cl", "ops.cl");

        final String file;
        final String[] headers;

        Family(String file, String... headers) {
            this.file = file;
            this.headers = headers;
        }
    }

    private final cl_context context;
    private final ClDevice device;
    private final String baseOptions;
    private final Map<String, String> sources = new HashMap<>();
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, ClKernel> kernels = new HashMap<>();

    /**
     * @param baseOptions compiler options every program gets (e.g. {@code -cl-fp32-correctly-rounded-divide-sqrt})
     */
    ProgramCache(cl_context context, ClDevice device, String baseOptions) {
        this.context = context;
        this.device = device;
        this.baseOptions = baseOptions;
    }

    /** Every {@code kernel void NAME(} defined in a family's source file. */
    private static final Pattern KERNEL = Pattern.compile("\\bkernel\\s+void\\s+(\\w+)\\s*\\(");

    /**
     * The family whose source file defines kernel {@code name} (written out as {@code kernel void name(}, not
     * stamped by a macro), or null when none does.
     */
    Family familyOf(String name) {
        return DefinedIn.KERNELS.get(name);
    }

    /** Every kernel name of the family source files, with its family; read once, on first use. */
    private static final class DefinedIn {
        static final Map<String, Family> KERNELS = definitions();
    }

    /** The kernels each family's source file defines (as {@code kernel void NAME(}), by name. */
    static Map<String, Family> definitions() {
        Map<String, Family> found = new HashMap<>();
        for (Family f : Family.values()) {
            Matcher m = KERNEL.matcher(read(f.file));
            while (m.find()) {
                found.put(m.group(1), f);
            }
        }
        return Map.copyOf(found);
    }

    /** The kernel {@code name} of {@code family} built with {@code defines}; builds the program on first use. */
    synchronized ClKernel kernel(Family family, String defines, String name) {
        String key = family + "|" + defines + "|" + name;
        ClKernel k = kernels.get(key);
        if (k == null) {
            cl_program program = program(family, defines);
            int[] status = new int[1];
            cl_kernel handle = clCreateKernel(program, name, status);
            OpenClException.check(status[0], "clCreateKernel(" + name + " in " + family.file + " with '" + defines
                    + "')");
            k = new ClKernel(name, handle);
            kernels.put(key, k);
        }
        return k;
    }

    /** CL_KERNEL_WORK_GROUP_SIZE: the largest work-group this kernel can be launched with on this device. */
    long maxWorkGroupSize(ClKernel kernel) {
        long[] size = new long[1];
        OpenClException.check(clGetKernelWorkGroupInfo(kernel.handle(), device.id(), CL_KERNEL_WORK_GROUP_SIZE,
                Sizeof.size_t, Pointer.to(size), null), "clGetKernelWorkGroupInfo(" + kernel.name() + ")");
        return size[0];
    }

    private cl_program program(Family family, String defines) {
        String key = family + "|" + defines;
        cl_program program = programs.get(key);
        if (program != null) {
            return program;
        }
        StringBuilder source = new StringBuilder();
        for (String header : family.headers) {
            source.append(source(header)).append('\n');
        }
        source.append(source(family.file));
        int[] status = new int[1];
        program = clCreateProgramWithSource(context, 1, new String[]{source.toString()}, null, status);
        OpenClException.check(status[0], "clCreateProgramWithSource(" + family.file + ")");
        String options = (baseOptions + " " + defines).trim();
        int built = clBuildProgram(program, 1, new cl_device_id[]{device.id()}, options, null, null);
        if (built != CL_SUCCESS) {
            throw new OpenClException("building " + family.file + " with options '" + options + "' for "
                    + device.name() + " failed: " + OpenClException.errorName(built) + " (" + built
                    + "). Build log:\n" + buildLog(program));
        }
        programs.put(key, program);
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        int s = clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, 0, null, size);
        if (s != CL_SUCCESS) {
            return "(no build log: clGetProgramBuildInfo returned " + OpenClException.errorName(s) + ")";
        }
        byte[] bytes = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
        return ClDevice.cString(bytes);
    }

    private String source(String file) {
        return sources.computeIfAbsent(file, ProgramCache::read);
    }

    /** The text of kernel source {@code file} from the class path. */
    static String read(String file) {
        try (InputStream in = ProgramCache.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("OpenCL kernel source " + RESOURCES + file
                        + " is not on the class path (is tessera-kernels missing?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading OpenCL kernel source " + RESOURCES + file, e);
        }
    }
}
