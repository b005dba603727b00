package dev.tessera.backend;

import dev.tessera.DType;
import dev.tessera.HalfFloats;
import java.util.function.IntFunction;

/**
 * The Java arrays that carry each dtype across {@link Backend#write} and {@link Backend#read}: {@code float[]} for
 * FLOAT32, {@code double[]} for FLOAT64, {@code int[]} for INT32 and {@code short[]} of the bits for FLOAT16 and
 * BFLOAT16; and the conversions between them and doubles. Narrowing follows {@link Backend#copy}: floats round to
 * nearest (half types through float, {@link HalfFloats}), INT32 truncates toward zero.
 */
public final class HostArrays {
    private HostArrays() {
    }

    /** A zero-filled array of {@code length} elements of the host kind of {@code dtype}. */
    public static Object allocate(DType dtype, int length) {
        return switch (dtype) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT32 -> new int[length];
            case FLOAT16, BFLOAT16 -> new short[length];
        };
    }

    /** {@code values} as the host kind of {@code dtype} ({@code values} itself for FLOAT64). */
    public static Object fromDoubles(double[] values, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return values;
        }
        Object out = allocate(dtype, values.length);
        switch (dtype) {
            case FLOAT32 -> {
                float[] f = (float[]) out;
                for (int i = 0; i < values.length; i++) {
                    f[i] = (float) values[i];
                }
            }
            case INT32 -> {
                int[] a = (int[]) out;
                for (int i = 0; i < values.length; i++) {
                    a[i] = (int) values[i];
                }
            }
            case FLOAT16, BFLOAT16 -> {
                short[] h = (short[]) out;
                for (int i = 0; i < values.length; i++) {
                    h[i] = HalfFloats.narrow(dtype, (float) values[i]);
                }
            }
            case FLOAT64 -> throw new AssertionError("returned above");
        }
        return out;
    }

    /** {@code values} as the host kind of {@code dtype} ({@code values} itself for FLOAT32). */
    public static Object fromFloats(float[] values, DType dtype) {
        if (dtype == DType.FLOAT32) {
            return values;
        }
        if (dtype.isHalf()) {
            short[] h = new short[values.length];
            for (int i = 0; i < values.length; i++) {
                h[i] = HalfFloats.narrow(dtype, values[i]);
            }
            return h;
        }
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return fromDoubles(d, dtype);
    }

    /** The elements of the host array {@code array} of {@code dtype}, widened to double ({@code array} if double[]). */
    public static double[] toDoubles(Object array, DType dtype) {
        return converted(array, dtype, double[].class, double[]::new, (out, i, v) -> out[i] = v);
    }

    /** The elements of {@code array} as floats ({@code array} itself if float[]; doubles round, ints convert). */
    public static float[] toFloats(Object array, DType dtype) {
        return converted(array, dtype, float[].class, float[]::new, (out, i, v) -> out[i] = (float) v);
    }

    /** The elements of {@code array} as ints ({@code array} itself if int[]; floats truncate toward zero). */
    public static int[] toInts(Object array, DType dtype) {
        return converted(array, dtype, int[].class, int[]::new, (out, i, v) -> out[i] = (int) v);
    }

    /** Stores element {@code i} of a converted array, narrowing {@code value} to the array's type. */
    private interface ElementStore<A> {
        void set(A out, int i, double value);
    }

    /**
     * {@code array} itself when it already is of {@code type}, else a new array of that type holding its elements:
     * each {@link #element widened to double}, then stored by {@code store}.
     */
    private static <A> A converted(Object array, DType dtype, Class<A> type, IntFunction<A> create,
                                   ElementStore<A> store) {
        if (type.isInstance(array)) {
            return type.cast(array);
        }
        int n = java.lang.reflect.Array.getLength(array);
        A out = create.apply(n);
        for (int i = 0; i < n; i++) {
            store.set(out, i, element(array, dtype, i));
        }
        return out;
    }

    /** Element {@code i} of the host array {@code array} of {@code dtype}, widened to double. */
    public static double element(Object array, DType dtype, int i) {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i];
            case FLOAT64 -> ((double[]) array)[i];
            case INT32 -> ((int[]) array)[i];
            case FLOAT16, BFLOAT16 -> HalfFloats.widen(dtype, ((short[]) array)[i]);
        };
    }
}
