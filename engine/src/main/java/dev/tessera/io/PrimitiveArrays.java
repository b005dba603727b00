package dev.tessera.io;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.function.BiConsumer;

/**
 * Bulk copies between a byte buffer and a Java primitive array ({@code float[]}, {@code double[]}, {@code int[]},
 * {@code long[]}, {@code short[]} or {@code byte[]}), element for element in the buffer's byte order. The file
 * readers and writers use them for every type stored as it is held (conversions such as INT64 to INT32 are theirs).
 */
final class PrimitiveArrays {
    private PrimitiveArrays() {
    }

    /**
     * Copies {@code count} elements between {@code b}, from its position (which does not move), and
     * {@code array[offset ...]}: into the array when {@code intoArray}, else from the array into the buffer.
     *
     * @throws IllegalArgumentException if {@code array} is not one of the six primitive array types
     */
    static void copy(ByteBuffer b, Object array, int offset, int count, boolean intoArray) {
        if (array instanceof float[] a) {
            transfer(b.asFloatBuffer().limit(count), FloatBuffer.wrap(a, offset, count), FloatBuffer::put, intoArray);
        } else if (array instanceof double[] a) {
            transfer(b.asDoubleBuffer().limit(count), DoubleBuffer.wrap(a, offset, count), DoubleBuffer::put,
                    intoArray);
        } else if (array instanceof int[] a) {
            transfer(b.asIntBuffer().limit(count), IntBuffer.wrap(a, offset, count), IntBuffer::put, intoArray);
        } else if (array instanceof long[] a) {
            transfer(b.asLongBuffer().limit(count), LongBuffer.wrap(a, offset, count), LongBuffer::put, intoArray);
        } else if (array instanceof short[] a) {
            transfer(b.asShortBuffer().limit(count), ShortBuffer.wrap(a, offset, count), ShortBuffer::put, intoArray);
        } else if (array instanceof byte[] a) {
            transfer(b.slice().limit(count), ByteBuffer.wrap(a, offset, count), ByteBuffer::put, intoArray);
        } else {
            throw new IllegalArgumentException("expected a float[], double[], int[], long[], short[] or byte[], got "
                    + (array == null ? "null" : array.getClass().getSimpleName()));
        }
    }

    /**
     * {@code put(destination, source)} from the buffer view into the wrapped array when {@code intoArray}, else from
     * the array into the view; both hold the same number of elements.
     */
    private static <B extends Buffer> void transfer(B view, B wrapped, BiConsumer<B, B> put, boolean intoArray) {
        if (intoArray) {
            put.accept(wrapped, view);
        } else {
            put.accept(view, wrapped);
        }
    }
}
