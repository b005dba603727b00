package dev.tessera.backend.reference;

import dev.tessera.DType;
import dev.tessera.HalfFloats;
import dev.tessera.backend.AbstractBuffer;

/**
 * A buffer backed by a Java array: {@code float[]} for FLOAT32, {@code double[]} for FLOAT64, {@code int[]} for
 * INT32, {@code short[]} of the bits ({@link dev.tessera.HalfFloats}) for FLOAT16 and BFLOAT16. The array may be longer than {@link #numel()} (pooled arrays); only the first numel elements belong to the
 * buffer. Used by the reference backend and the CPU backend. A Java array holds at most
 * {@link dev.tessera.Sizes#MAX_ARRAY_LENGTH} elements, so every offset and stride into a heap buffer fits an
 * {@code int}: the backends check the size once when they allocate and narrow the SPI's {@code long}s with
 * {@link #arrayIndex} and {@link #arrayIndices}.
 */
public final class HeapBuffer extends AbstractBuffer {
    /** The FLOAT32 storage, or null. */
    public final float[] f;
    /** The FLOAT64 storage, or null. */
    public final double[] d;
    /** The INT32 storage, or null. */
    public final int[] i;
    /** The FLOAT16 or BFLOAT16 storage (bits), or null. */
    public final short[] h;

    private HeapBuffer(DType dtype, int numel, Object array) {
        super(dtype, numel);
        this.f = array instanceof float[] a ? a : null;
        this.d = array instanceof double[] a ? a : null;
        this.i = array instanceof int[] a ? a : null;
        this.h = array instanceof short[] a ? a : null;
    }

    /** A zero-filled buffer with a fresh array of exactly {@code numel} elements. */
    public static HeapBuffer allocate(DType dtype, int numel) {
        return new HeapBuffer(dtype, numel, switch (dtype) {
            case FLOAT32 -> new float[numel];
            case FLOAT64 -> new double[numel];
            case INT32 -> new int[numel];
            case FLOAT16, BFLOAT16 -> new short[numel];
        });
    }

    /**
     * A buffer over an existing array (float[], double[], int[] or, for the half types, short[] of the dtype), using
     * its first numel elements.
     */
    public static HeapBuffer wrap(DType dtype, int numel, Object array) {
        Class<?> expected = switch (dtype) {
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case INT32 -> int[].class;
            case FLOAT16, BFLOAT16 -> short[].class;
        };
        if (array.getClass() != expected) {
            throw new IllegalArgumentException("HeapBuffer.wrap: a " + dtype + " buffer needs a "
                    + expected.getSimpleName() + ", got " + array.getClass().getSimpleName());
        }
        return new HeapBuffer(dtype, numel, array);
    }

    /** The backing array (float[], double[], int[] or short[]). */
    public Object array() {
        return switch (dtype()) {
            case FLOAT32 -> f;
            case FLOAT64 -> d;
            case INT32 -> i;
            case FLOAT16, BFLOAT16 -> h;
        };
    }

    /**
     * An element offset or count of a heap buffer as an array index.
     *
     * @throws ArithmeticException if it does not fit an int (impossible for an offset into a heap buffer)
     */
    public static int arrayIndex(long value) {
        return Math.toIntExact(value);
    }

    /** {@link #arrayIndex} of each entry (the strides or offsets of a view of a heap buffer). */
    public static int[] arrayIndices(long[] values) {
        int[] out = new int[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = Math.toIntExact(values[k]);
        }
        return out;
    }

    /** Element {@code k} widened to double. */
    public double get(int k) {
        return switch (dtype()) {
            case FLOAT32 -> f[k];
            case FLOAT64 -> d[k];
            case INT32 -> i[k];
            case FLOAT16, BFLOAT16 -> HalfFloats.widen(dtype(), h[k]);
        };
    }

    /**
     * Stores {@code v} at {@code k}: rounded to float, to the half type through float (nearest even), or truncated
     * toward zero for INT32.
     */
    public void set(int k, double v) {
        switch (dtype()) {
            case FLOAT32 -> f[k] = (float) v;
            case FLOAT64 -> d[k] = v;
            case INT32 -> i[k] = (int) v;
            case FLOAT16, BFLOAT16 -> h[k] = HalfFloats.narrow(dtype(), (float) v);
        }
    }
}
