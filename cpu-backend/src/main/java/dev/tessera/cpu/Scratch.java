package dev.tessera.cpu;

import java.lang.reflect.Array;
import java.util.function.IntFunction;

/**
 * Per-thread work arrays for the drivers (reduction accumulators, row temporaries), grown on demand and kept, so the
 * hot paths allocate nothing. Each slot is owned by one caller at a time on one thread; contents are unspecified.
 */
final class Scratch {
    /** Slot of column-reduction accumulators. */
    static final int ACC = 0;
    /** Slot of block partial sums. */
    static final int PARTIAL = 1;
    private static final int SLOTS = 2;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** Per element type (float, double, int), per slot: the array or null. */
    private final Object[][] arrays = new Object[3][SLOTS];

    private Scratch() {
    }

    /** This thread's float array in {@code slot} with at least {@code n} elements. */
    static float[] floats(int slot, int n) {
        return (float[]) array(0, slot, n, float[]::new);
    }

    /** This thread's double array in {@code slot} with at least {@code n} elements. */
    static double[] doubles(int slot, int n) {
        return (double[]) array(1, slot, n, double[]::new);
    }

    /** This thread's int array in {@code slot} with at least {@code n} elements. */
    static int[] ints(int slot, int n) {
        return (int[]) array(2, slot, n, int[]::new);
    }

    /** This thread's array of element type {@code type} in {@code slot}, replaced by a new one when shorter than n. */
    private static Object array(int type, int slot, int n, IntFunction<Object> create) {
        Object[] slots = LOCAL.get().arrays[type];
        Object a = slots[slot];
        if (a == null || Array.getLength(a) < n) {
            a = create.apply(n);
            slots[slot] = a;
        }
        return a;
    }
}
