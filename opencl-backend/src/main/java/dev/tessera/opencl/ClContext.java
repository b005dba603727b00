package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.DeviceInfo;
import org.jocl.cl_command_queue;

/**
 * Everything the kernel launchers of one OpenCL device share: the device facts, its program cache, the launcher on
 * the single in-order queue, the buffer pool, and the work-group sizes chosen from the device limits.
 */
final class ClContext {
    final ClDevice device;
    final String spec;
    final cl_command_queue queue;
    final ProgramCache programs;
    final Launcher launcher;
    final BufferPool pool;
    /** Work-group size of one-dimensional elementwise launches. */
    final int localSize;
    /**
     * Largest power-of-two work-group size for work-group reductions (rows of reduce.cl and softmax.cl). On CPU
     * devices it is 1: a work-group's items run one after another there, so one item walking a contiguous run is
     * far faster than many items each striding through it (16M-float sums went from 0.4 GB/s to the memory speed).
     */
    final int reduceLocalSize;

    ClContext(ClDevice device, String spec, cl_command_queue queue, ProgramCache programs, BufferPool pool) {
        this.device = device;
        this.spec = spec;
        this.queue = queue;
        this.programs = programs;
        this.launcher = new Launcher(queue);
        this.pool = pool;
        int limit = (int) Math.min(256, device.maxWorkGroupSize());
        this.localSize = limit;
        this.reduceLocalSize = device.kind() == DeviceInfo.Kind.CPU ? 1 : Integer.highestOneBit(limit);
    }

    /**
     * The {@code -D} defines that make {@code T} the OpenCL type of {@code dtype}, for programs that compute in it
     * (not the half types: see {@link #storageDefines}).
     */
    static String typeDefines(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "-D T=float -D T4=float4 -D T_FLOAT";
            case FLOAT64 -> "-D T=double -D T4=double4 -D T_DOUBLE";
            case INT32 -> "-D T=int -D T4=int4 -D T_INT";
            case FLOAT16, BFLOAT16 -> throw notComputed(dtype);
        };
    }

    /**
     * Defines for the copy and fill kernels of elementwise.cl on buffers of {@code dtype}: {@link #typeDefines}, or
     * for a half type its 16 bits moved as {@code ushort} in a program holding only those kernels.
     */
    static String storageDefines(DType dtype) {
        return dtype.isHalf() ? BITS + " -D CAST_ONLY" : typeDefines(dtype);
    }

    /**
     * Defines for a program converting source type {@code S} to destination type {@code T}. A half type is stored as
     * {@code ushort} and named by {@code S_F16}/{@code S_BF16} (source) or {@code T_F16}/{@code T_BF16}
     * (destination), which make elementwise.cl convert it through float.
     */
    static String castDefines(DType src, DType dst) {
        String t = dst.isHalf() ? BITS + " -D T_" + halfTag(dst) : typeDefines(dst);
        String s = switch (src) {
            case FLOAT32 -> "-D S=float -D S_FLOAT";
            case FLOAT64 -> "-D S=double -D S_DOUBLE";
            case INT32 -> "-D S=int -D S_INT";
            case FLOAT16, BFLOAT16 -> "-D S=ushort -D S_" + halfTag(src);
        };
        return t + " " + s + " -D CAST_ONLY";
    }

    /** How the half types are stored: their bits as {@code ushort}. */
    private static final String BITS = "-D T=ushort -D T4=ushort4 -D T_BITS";

    private static String halfTag(DType dtype) {
        return dtype == DType.FLOAT16 ? "F16" : "BF16";
    }

    /**
     * The error for a half type reaching a kernel that computes: the backend only stores those types
     * ({@code computes} is false), so the engine converts them to FLOAT32 first.
     */
    static IllegalStateException notComputed(DType dtype) {
        return new IllegalStateException("opencl: kernels do not compute in " + dtype + " (the backend stores it and "
                + "the engine computes in FLOAT32)");
    }

    /** Kernel {@code name} of {@code family} for element type {@code dtype}. */
    ClKernel kernel(ProgramCache.Family family, DType dtype, String name) {
        return programs.kernel(family, typeDefines(dtype), name);
    }

    /** Launches a one-dimensional kernel with one work item per element of {@code n}. */
    void launch1d(ClKernel kernel, long n, Object... args) {
        launcher.launch(kernel, new long[]{Launcher.roundUp(n, localSize)}, new long[]{localSize}, args);
    }

    /** A temporary device buffer; hand it back with {@link #free}. */
    ClBuffer temp(DType dtype, long numel) {
        return pool.allocate(dtype, numel, this);
    }

    /** Returns a temporary buffer (safe right after enqueueing work on it: the queue is in order). */
    void free(ClBuffer buffer) {
        pool.free(buffer);
    }

    /** {@code b} as this device's buffer, or an exception naming the foreign buffer. */
    ClBuffer cl(Buffer b) {
        if (b instanceof ClBuffer c && c.owner == this) {
            return c;
        }
        throw new IllegalArgumentException(spec + ": " + b + " does not belong to this device");
    }
}
