package dev.tessera.backend.reference;

import dev.tessera.DType;
import dev.tessera.backend.Buffer;

/**
 * A buffer backed by a Java array: {@code float[]} for FLOAT32, {@code double[]} for FLOAT64, {@code int[]} for
 * INT32. The array may be longer than {@link #numel()} (pooled arrays); only the first numel elements belong to the
 * buffer. Used by the reference backend and the CPU backend. A Java array holds at most
 * {@link dev.tessera.Sizes#MAX_ARRAY_LENGTH} elements, so every offset and stride into a heap buffer fits an
 * {@code int}: the backends check the size once when they allocate and narrow the SPI's {@code long}s with
 * {@link #arrayIndex} and {@link #arrayIndices}.
 */
public final class HeapBuffer implements Buffer {
    private final DType dtype;
    private final int numel;
    /** The FLOAT32 storage, or null. */
    public final float[] f;
    /** The FLOAT64 storage, or null. */
    public final double[] d;
    /** The INT32 storage, or null. */
    public final int[] i;

    private HeapBuffer(DType dtype, int numel, float[] f, double[] d, int[] i) {
        this.dtype = dtype;
        this.numel = numel;
        this.f = f;
        this.d = d;
        this.i = i;
    }

    /** A zero-filled buffer with a fresh array of exactly {@code numel} elements. */
    public static HeapBuffer allocate(DType dtype, int numel) {
        return switch (dtype) {
            case FLOAT32 -> new HeapBuffer(dtype, numel, new float[numel], null, null);
            case FLOAT64 -> new HeapBuffer(dtype, numel, null, new double[numel], null);
            case INT32 -> new HeapBuffer(dtype, numel, null, null, new int[numel]);
        };
    }

    /** A buffer over an existing array (float[], double[] or int[] of the dtype), using its first numel elements. */
    public static HeapBuffer wrap(DType dtype, int numel, Object array) {
        return switch (dtype) {
            case FLOAT32 -> new HeapBuffer(dtype, numel, (float[]) array, null, null);
            case FLOAT64 -> new HeapBuffer(dtype, numel, null, (double[]) array, null);
            case INT32 -> new HeapBuffer(dtype, numel, null, null, (int[]) array);
        };
    }

    /** The backing array (float[], double[] or int[]). */
    public Object array() {
        return switch (dtype) {
            case FLOAT32 -> f;
            case FLOAT64 -> d;
            case INT32 -> i;
        };
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long numel() {
        return numel;
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
        return switch (dtype) {
            case FLOAT32 -> f[k];
            case FLOAT64 -> d[k];
            case INT32 -> i[k];
        };
    }

    /** Stores {@code v} at {@code k}, rounded to float or truncated toward zero for INT32. */
    public void set(int k, double v) {
        switch (dtype) {
            case FLOAT32 -> f[k] = (float) v;
            case FLOAT64 -> d[k] = v;
            case INT32 -> i[k] = (int) v;
        }
    }
}
