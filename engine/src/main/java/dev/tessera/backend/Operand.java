package dev.tessera.backend;

import java.util.Arrays;

/**
 * One input or output of an elementwise primitive: a strided view of a buffer, or a scalar constant.
 *
 * <p>For a view, element {@code (i0, ..., ir-1)} of the iteration shape lives at
 * {@code offset + sum_k ik * strides[k]} in {@code buffer}. A stride of 0 broadcasts an axis. Strides are in
 * elements and have exactly as many entries as the iteration shape. Offsets and strides are {@code long}: a buffer
 * may hold more than 2^31 elements (axis sizes of the iteration shape stay {@code int}). For a constant, {@code buffer} is null
 * and every element reads {@code constant} (converted to the dtype of the op).
 *
 * @param buffer   the buffer, or null for a constant
 * @param offset   element offset of the first element
 * @param strides  element stride of each axis of the iteration shape (ignored for a constant)
 * @param constant the value of a constant operand (ignored for a view)
 */
public record Operand(Buffer buffer, long offset, long[] strides, double constant) {

    /** A strided view of {@code buffer}. The strides array is not copied; callers must not change it. */
    public static Operand view(Buffer buffer, long offset, long[] strides) {
        return new Operand(buffer, offset, strides, 0);
    }

    /** A dense row-major view of {@code buffer} for iteration shape {@code shape}, starting at element 0. */
    public static Operand contiguous(Buffer buffer, int[] shape) {
        return new Operand(buffer, 0, contiguousStrides(shape), 0);
    }

    /** A scalar constant broadcast to every element. */
    public static Operand constant(double value) {
        return new Operand(null, 0, new long[0], value);
    }

    /** Whether this operand is a constant rather than a buffer view. */
    public boolean isConstant() {
        return buffer == null;
    }

    /** Whether this view is dense row-major for {@code shape} (so element i is at offset + i). */
    public boolean isContiguous(int[] shape) {
        if (buffer == null) {
            return false;
        }
        for (int d : shape) {
            if (d == 0) {
                return true;
            }
        }
        long expected = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            if (shape[k] != 1 && strides[k] != expected) {
                return false;
            }
            expected *= shape[k];
        }
        return true;
    }

    /** Row-major strides of {@code shape}. */
    public static long[] contiguousStrides(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    @Override
    public String toString() {
        return buffer == null ? "constant(" + constant + ")"
                : "view(offset=" + offset + ", strides=" + Arrays.toString(strides) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operand other && other.buffer == buffer && other.offset == offset
                && Arrays.equals(other.strides, strides) && Double.compare(other.constant, constant) == 0;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(buffer) * 31 + Long.hashCode(offset) * 17 + Arrays.hashCode(strides);
    }
}
