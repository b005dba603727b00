package dev.tessera.opencl;

import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clSetKernelArg;

import dev.tessera.DType;
import dev.tessera.HalfFloats;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;

/**
 * Sets a kernel's arguments and enqueues it on the backend's single in-order queue, atomically (kernel objects are
 * shared between threads, and {@code clSetKernelArg} on one kernel is not thread-safe). Never waits for the device.
 *
 * <p>Arguments are given as Java values: {@link ClBuffer} (a {@code global} pointer), {@link Integer},
 * {@link Long}, {@link Short} (a {@code ushort}), {@link Float}, {@link Double}, {@code int[]} (a by-value struct
 * of ints), {@link Local} (a {@code local} array of that many bytes) or {@link #NULL_BUFFER} (a null {@code global}
 * pointer).
 */
final class Launcher {
    private final cl_command_queue queue;
    private final Object lock = new Object();

    /** The argument that passes a null {@code global} pointer (an absent operand the kernel tests). */
    static final Object NULL_BUFFER = new Object() {
        @Override
        public String toString() {
            return "null buffer";
        }
    };

    /** A {@code local} memory argument of {@code bytes} bytes. */
    record Local(long bytes) {
    }

    Launcher(cl_command_queue queue) {
        this.queue = queue;
    }

    /**
     * The scalar argument that carries {@code value} as a kernel's {@code T} for {@code dtype}: for a half type the
     * {@link Short} bits of the nearest value (through float, ties to even), the {@code ushort} its kernels take.
     */
    static Object scalar(DType dtype, double value) {
        return switch (dtype) {
            case FLOAT32 -> (float) value;
            case FLOAT64 -> value;
            case INT32 -> (int) value;
            case FLOAT16, BFLOAT16 -> HalfFloats.narrow(dtype, (float) value);
        };
    }

    /** {@code n} rounded up to a multiple of {@code m}. */
    static long roundUp(long n, long m) {
        return (n + m - 1) / m * m;
    }

    /** Enqueues {@code kernel} over {@code global} work items in work-groups of {@code local}. */
    void launch(ClKernel kernel, long[] global, long[] local, Object... args) {
        for (long g : global) {
            if (g == 0) {
                return;
            }
        }
        synchronized (lock) {
            for (int i = 0; i < args.length; i++) {
                setArg(kernel, i, args[i]);
            }
            OpenClException.check(clEnqueueNDRangeKernel(queue, kernel.handle(), global.length, null, global, local,
                    0, null, null), "clEnqueueNDRangeKernel(" + kernel.name() + ")");
        }
    }

    private static void setArg(ClKernel kernel, int index, Object arg) {
        int status;
        if (arg instanceof ClBuffer b) {
            status = clSetKernelArg(kernel.handle(), index, Sizeof.cl_mem, Pointer.to(b.mem));
        } else if (arg instanceof Integer v) {
            status = clSetKernelArg(kernel.handle(), index, Sizeof.cl_int, Pointer.to(new int[]{v}));
        } else if (arg instanceof Long v) {
            status = clSetKernelArg(kernel.handle(), index, Sizeof.cl_long, Pointer.to(new long[]{v}));
        } else if (arg instanceof Short v) {
            status = clSetKernelArg(kernel.handle(), index, Sizeof.cl_short, Pointer.to(new short[]{v}));
        } else if (arg instanceof Float v) {
            status = clSetKernelArg(kernel.handle(), index, Sizeof.cl_float, Pointer.to(new float[]{v}));
        } else if (arg instanceof Double v) {
            status = clSetKernelArg(kernel.handle(), index, Sizeof.cl_double, Pointer.to(new double[]{v}));
        } else if (arg instanceof int[] struct) {
            status = clSetKernelArg(kernel.handle(), index, (long) Sizeof.cl_int * struct.length, Pointer.to(struct));
        } else if (arg instanceof long[] struct) {
            status = clSetKernelArg(kernel.handle(), index, (long) Sizeof.cl_long * struct.length, Pointer.to(struct));
        } else if (arg == NULL_BUFFER) {
            status = clSetKernelArg(kernel.handle(), index, Sizeof.cl_mem, null);
        } else if (arg instanceof Local l) {
            status = clSetKernelArg(kernel.handle(), index, l.bytes(), null);
        } else {
            throw new IllegalArgumentException("kernel " + kernel.name() + " argument " + index + ": unsupported "
                    + (arg == null ? "null" : arg.getClass().getName()));
        }
        OpenClException.check(status, "clSetKernelArg(" + kernel.name() + ", argument " + index + ")");
    }
}
