package dev.tessera;

import java.util.Locale;

/**
 * The one place where a 64-bit element count meets a 32-bit limit. Tensor sizes, strides and offsets are
 * {@code long} throughout the engine and the Backend SPI; a Java array, however, holds at most
 * {@link #MAX_ARRAY_LENGTH} elements, so code that copies a tensor into an array ({@link Tensor#toFloatArray()})
 * and backends that store tensors in Java arrays call these checks, which fail with a message naming the operation,
 * the size asked for and the limit instead of overflowing into a negative size.
 */
public final class Sizes {
    /** The most elements one Java array may hold on common JVMs: {@code Integer.MAX_VALUE - 8}. */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private Sizes() {
    }

    /**
     * {@code n} as the length of one Java array.
     *
     * @param op what needs the array, named in the error (for example {@code toFloatArray})
     * @throws IllegalArgumentException when {@code n} is negative or exceeds {@link #MAX_ARRAY_LENGTH}
     */
    public static int arrayLength(String op, long n) {
        if (n < 0 || n > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(op + ": " + grouped(n) + " elements do not fit one Java array (limit "
                    + grouped(MAX_ARRAY_LENGTH) + " elements)");
        }
        return (int) n;
    }

    /**
     * {@code numel} as the length of the Java array backing one buffer of a heap backend.
     *
     * @param backend the backend's name, first in the error (for example {@code cpu})
     * @throws IllegalArgumentException when {@code numel} exceeds {@link #MAX_ARRAY_LENGTH}, saying that a GPU
     *                                  device can hold it
     */
    public static int heapBufferLength(String backend, DType dtype, long numel) {
        if (numel < 0 || numel > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(backend + ": a " + dtype + " buffer of " + grouped(numel)
                    + " elements exceeds this backend's limit of " + grouped(MAX_ARRAY_LENGTH)
                    + " elements per tensor (Java arrays); use a GPU device");
        }
        return (int) numel;
    }

    /** {@code n} with thousands separators ({@code 2,500,000,000}), for messages about sizes. */
    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
