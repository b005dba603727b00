package dev.tessera.data;

import dev.tessera.DType;
import dev.tessera.Shape;
import java.lang.reflect.Array;

/** Argument checks shared by the dataset implementations. */
final class Checks {
    private Checks() {
    }

    /** Throws unless {@code featureType} is floating. */
    static void featureType(String op, DType featureType) {
        if (!featureType.isFloating()) {
            throw new IllegalArgumentException(op + ": featureType must be FLOAT32 or FLOAT64, got " + featureType);
        }
    }

    /** Throws naming the first index outside {@code [0, size)}. */
    static void indices(String op, int[] indices, int size) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + indices[i] + " at position " + i
                        + " is outside the dataset of " + size + " examples");
            }
        }
    }

    /**
     * The rows {@code rows} of {@code source} (an array of any element type, {@code rowLength} elements a row,
     * row-major), in that order, copied into a new array of the same type.
     */
    static <A> A gatherRows(A source, int[] rows, int rowLength) {
        @SuppressWarnings("unchecked")
        A out = (A) Array.newInstance(source.getClass().getComponentType(), rows.length * rowLength);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(source, rows[i] * rowLength, out, i * rowLength, rowLength);
        }
        return out;
    }

    /** {@code [lead, ...shape]}. */
    static int[] prepend(int lead, Shape shape) {
        int[] dims = new int[shape.rank() + 1];
        dims[0] = lead;
        System.arraycopy(shape.dims(), 0, dims, 1, shape.rank());
        return dims;
    }
}
