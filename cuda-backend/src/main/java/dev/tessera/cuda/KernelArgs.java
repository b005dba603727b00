package dev.tessera.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;

/**
 * The argument block of one kernel launch. Every Tessera kernel takes a single struct of 8-byte fields (see
 * kernels/src/main/cuda/common.cuh); this writes field k at byte 8k of one reused direct buffer, and
 * {@link #kernelParams()} is the launch's parameter array holding the address of that buffer, built once. A launch
 * therefore marshals one pointer however many arguments the kernel has; the driver copies the block at launch, so
 * the buffer may be rewritten as soon as the launch call returns.
 *
 * <p>Each write names its field ("op", "it.dims", "a.strides", ...). When tracing is on (in tests) the names are
 * recorded, to be compared with the structs declared in the .cu files.
 */
final class KernelArgs {
    /** Bytes an argument block may hold: the classic 4 KiB kernel-parameter limit. */
    static final int CAPACITY = 4096;

    /** A traced field: its name and how many 8-byte slots it took. */
    record Field(String name, int slots) {
    }

    private final ByteBuffer bytes = ByteBuffer.allocateDirect(CAPACITY).order(ByteOrder.LITTLE_ENDIAN);
    private final Pointer kernelParams = Pointer.to(Pointer.to(bytes));
    private int slots;
    private List<Field> trace;

    /** Clears the block (and the trace, when tracing) for a new launch. */
    KernelArgs reset() {
        slots = 0;
        if (trace != null) {
            trace = new ArrayList<>();
        }
        return this;
    }

    /** Starts recording field names (tests). */
    KernelArgs traced() {
        trace = new ArrayList<>();
        return this;
    }

    /** The fields written since the last reset, when tracing. */
    List<Field> trace() {
        return trace;
    }

    /** Writes a 64-bit integer field. */
    KernelArgs i64(String name, long value) {
        int at = claim(name, 1);
        bytes.putLong(at, value);
        return this;
    }

    /** Writes a double field. */
    KernelArgs f64(String name, double value) {
        int at = claim(name, 1);
        bytes.putDouble(at, value);
        return this;
    }

    /** Writes a device-pointer field (0 is the null pointer). */
    KernelArgs ptr(String name, long address) {
        return i64(name, address);
    }

    /** Writes an array field of {@code length} slots: the first {@code count} values, then zeros. */
    KernelArgs i64s(String name, long[] values, int count, int length) {
        if (count > length) {
            throw new IllegalArgumentException(name + ": " + count + " values do not fit " + length + " slots");
        }
        int at = claim(name, length);
        for (int i = 0; i < length; i++) {
            bytes.putLong(at + 8 * i, i < count ? values[i] : 0L);
        }
        return this;
    }

    /** Bytes written so far. */
    int size() {
        return 8 * slots;
    }

    /** The raw 64-bit value of slot {@code k} (tests). */
    long slot(int k) {
        return bytes.getLong(8 * k);
    }

    /** The kernelParams array to pass to cuLaunchKernel: one entry, the address of the argument block. */
    Pointer kernelParams() {
        return kernelParams;
    }

    private int claim(String name, int count) {
        if (8 * (slots + count) > CAPACITY) {
            throw new IllegalStateException("kernel arguments exceed " + CAPACITY + " bytes at field " + name);
        }
        if (trace != null) {
            trace.add(new Field(name, count));
        }
        int at = 8 * slots;
        slots += count;
        return at;
    }
}
