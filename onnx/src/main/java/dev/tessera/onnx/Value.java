package dev.tessera.onnx;

import java.util.Arrays;

/**
 * A value of the graph being built: its name, its shape, one axis of unknown size ({@link #BATCH}: the graph
 * input's axis N, at axis 0 unless a {@code Transpose} moved it, or a multiple of N after a {@code Reshape}) and
 * every other axis fixed, and its element type: FLOAT, or INT32 for the indices an {@code Embedding} reads.
 *
 * @param name    the value's name in the graph
 * @param dims    its shape, {@code BATCH} for the axis of unknown size
 * @param indices whether the elements are INT32 indices rather than FLOAT
 */
record Value(String name, long[] dims, boolean indices) {
    /** The size recorded for the axis of unknown size. */
    static final long BATCH = -1;

    Value {
        dims = dims.clone();
    }

    /** A FLOAT value. */
    Value(String name, long[] dims) {
        this(name, dims, false);
    }

    /** A copy of the shape. */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** The rank. */
    int rank() {
        return dims.length;
    }

    /** The size of the last axis. */
    long last() {
        return dims[dims.length - 1];
    }

    /** The same shape under another name. */
    Value named(String other) {
        return new Value(other, dims, indices);
    }

    /** The shape with the axis of unknown size written as {@code N}, e.g. {@code [N, 64]}. */
    String shapeText() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? ", " : "").append(dims[i] == BATCH ? "N" : Long.toString(dims[i]));
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && name.equals(v.name) && Arrays.equals(dims, v.dims) && indices == v.indices;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(dims)) + Boolean.hashCode(indices);
    }

    @Override
    public String toString() {
        return name + shapeText();
    }
}
