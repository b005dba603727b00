package dev.tessera.cpu;

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

    private final float[][] floats = new float[SLOTS][];
    private final double[][] doubles = new double[SLOTS][];
    private final int[][] ints = new int[SLOTS][];

    private Scratch() {
    }

    /** This thread's float array in {@code slot} with at least {@code n} elements. */
    static float[] floats(int slot, int n) {
        Scratch s = LOCAL.get();
        float[] a = s.floats[slot];
        if (a == null || a.length < n) {
            a = new float[n];
            s.floats[slot] = a;
        }
        return a;
    }

    /** This thread's double array in {@code slot} with at least {@code n} elements. */
    static double[] doubles(int slot, int n) {
        Scratch s = LOCAL.get();
        double[] a = s.doubles[slot];
        if (a == null || a.length < n) {
            a = new double[n];
            s.doubles[slot] = a;
        }
        return a;
    }

    /** This thread's int array in {@code slot} with at least {@code n} elements. */
    static int[] ints(int slot, int n) {
        Scratch s = LOCAL.get();
        int[] a = s.ints[slot];
        if (a == null || a.length < n) {
            a = new int[n];
            s.ints[slot] = a;
        }
        return a;
    }
}
