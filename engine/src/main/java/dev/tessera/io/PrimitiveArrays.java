package dev.tessera.io;

import java.nio.ByteBuffer;

/**
 * Bulk copies between a byte buffer and a Java primitive array ({@code float[]}, {@code double[]}, {@code int[]},
 * {@code long[]}, {@code short[]} or {@code byte[]}), element for element in the buffer's byte order, starting at the
 * buffer's position, which neither copy moves. The file readers and writers use them for every type stored as it is
 * held (conversions such as INT64 to INT32 are theirs).
 */
final class PrimitiveArrays {
    private PrimitiveArrays() {
    }

    /**
     * Reads {@code count} elements from {@code b} into {@code array[offset ...]}.
     *
     * @throws IllegalArgumentException if {@code array} is not one of the six primitive array types
     */
    static void get(ByteBuffer b, Object array, int offset, int count) {
        if (array instanceof float[] a) {
            b.asFloatBuffer().get(a, offset, count);
        } else if (array instanceof double[] a) {
            b.asDoubleBuffer().get(a, offset, count);
        } else if (array instanceof int[] a) {
            b.asIntBuffer().get(a, offset, count);
        } else if (array instanceof long[] a) {
            b.asLongBuffer().get(a, offset, count);
        } else if (array instanceof short[] a) {
            b.asShortBuffer().get(a, offset, count);
        } else if (array instanceof byte[] a) {
            b.get(b.position(), a, offset, count);
        } else {
            throw unsupported(array);
        }
    }

    /**
     * Writes {@code array[offset ... offset + count - 1]} into {@code b}.
     *
     * @throws IllegalArgumentException if {@code array} is not one of the six primitive array types
     */
    static void put(ByteBuffer b, Object array, int offset, int count) {
        if (array instanceof float[] a) {
            b.asFloatBuffer().put(a, offset, count);
        } else if (array instanceof double[] a) {
            b.asDoubleBuffer().put(a, offset, count);
        } else if (array instanceof int[] a) {
            b.asIntBuffer().put(a, offset, count);
        } else if (array instanceof long[] a) {
            b.asLongBuffer().put(a, offset, count);
        } else if (array instanceof short[] a) {
            b.asShortBuffer().put(a, offset, count);
        } else if (array instanceof byte[] a) {
            b.put(b.position(), a, offset, count);
        } else {
            throw unsupported(array);
        }
    }

    private static IllegalArgumentException unsupported(Object array) {
        return new IllegalArgumentException("expected a float[], double[], int[], long[], short[] or byte[], got "
                + (array == null ? "null" : array.getClass().getSimpleName()));
    }
}
