package dev.tessera.io;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.HalfFloats;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * An n-dimensional array as stored in a {@code .npy} file: an element type, a C-order shape and the elements in a
 * Java array of the matching kind ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]},
 * {@code short[]} holding binary16 bits, or {@code byte[]} holding unsigned bytes). Immutable: factories and
 * accessors copy nothing, so callers must not modify the arrays they pass in or get back.
 */
public final class NpyArray {
    private final NpyType type;
    private final int[] shape;
    private final Object data;

    private NpyArray(NpyType type, int[] shape, Object data, int length) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("NpyArray: negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("NpyArray: shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but " + length + " were given");
        }
        this.type = type;
        this.shape = shape.clone();
        this.data = data;
    }

    /** A {@code <f4} array. */
    public static NpyArray of(float[] data, int... shape) {
        return new NpyArray(NpyType.FLOAT32, shape, data, data.length);
    }

    /** A {@code <f8} array. */
    public static NpyArray of(double[] data, int... shape) {
        return new NpyArray(NpyType.FLOAT64, shape, data, data.length);
    }

    /** An {@code <i4} array. */
    public static NpyArray of(int[] data, int... shape) {
        return new NpyArray(NpyType.INT32, shape, data, data.length);
    }

    /** An {@code <i8} array. */
    public static NpyArray of(long[] data, int... shape) {
        return new NpyArray(NpyType.INT64, shape, data, data.length);
    }

    /** An {@code <f2} array of IEEE binary16 bit patterns ({@link dev.tessera.HalfFloats#toFloat16}). */
    public static NpyArray ofFloat16(short[] bits, int... shape) {
        return new NpyArray(NpyType.FLOAT16, shape, bits, bits.length);
    }

    /** A {@code |u1} array; each byte is read as unsigned (0..255). */
    public static NpyArray ofUnsignedBytes(byte[] data, int... shape) {
        return new NpyArray(NpyType.UINT8, shape, data, data.length);
    }

    /**
     * The elements of {@code tensor} (read from its device) with its shape; FLOAT32, FLOAT64, INT32 or FLOAT16.
     *
     * @throws IllegalArgumentException for a BFLOAT16 tensor (NumPy has no bfloat16 type)
     */
    public static NpyArray of(Tensor tensor) {
        int[] dims = tensor.shape().dims();
        return switch (tensor.dtype()) {
            case FLOAT32 -> of(tensor.toFloatArray(), dims);
            case FLOAT64 -> of(tensor.toDoubleArray(), dims);
            case INT32 -> of(tensor.toIntArray(), dims);
            case FLOAT16 -> ofFloat16(float16Bits(tensor), dims);
            case BFLOAT16 -> throw new IllegalArgumentException("NpyArray.of: " + NpyType.NO_BFLOAT16);
        };
    }

    private static short[] float16Bits(Tensor tensor) {
        short[] bits = new short[Math.toIntExact(tensor.numel())];
        int[] at = {0};
        try {
            TensorChunks.read(tensor, (chunk, m) -> {
                System.arraycopy(chunk, 0, bits, at[0], m);
                at[0] += m;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bits;
    }

    /** An array of {@code type} over {@code data}, which must be the Java array kind of that type. */
    static NpyArray wrap(NpyType type, int[] shape, Object data) {
        int length = switch (type) {
            case FLOAT32 -> ((float[]) data).length;
            case FLOAT64 -> ((double[]) data).length;
            case INT32 -> ((int[]) data).length;
            case INT64 -> ((long[]) data).length;
            case FLOAT16 -> ((short[]) data).length;
            case UINT8 -> ((byte[]) data).length;
        };
        return new NpyArray(type, shape, data, length);
    }

    /** The element type. */
    public NpyType type() {
        return type;
    }

    /** The shape (a copy); empty for a 0-d array. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a 0-d array). */
    public int numel() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The element array itself: float[], double[], int[], long[], short[] or byte[] according to {@link #type()}. */
    public Object data() {
        return data;
    }

    /** Every element widened to double, row-major (unsigned bytes as 0..255). */
    public double[] toDoubleArray() {
        int n = numel();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = element(i);
        }
        return out;
    }

    private double element(int i) {
        return switch (type) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            case FLOAT16 -> HalfFloats.fromFloat16(((short[]) data)[i]);
            case UINT8 -> ((byte[]) data)[i] & 0xff;
        };
    }

    /**
     * A new tensor on {@code device} with this shape and {@link NpyType#tensorType()}: f4 as FLOAT32, f8 as
     * FLOAT64, f2 as FLOAT16 (bit for bit), i4, u1 and i8 as INT32.
     *
     * @throws IllegalArgumentException for an i8 value outside the INT32 range (naming the first one), or FLOAT16 on
     *                                  a device that does not store it
     */
    public Tensor toTensor(Device device) {
        if (type == NpyType.FLOAT16) {
            try {
                return TensorChunks.create(device, DType.FLOAT16, Shape.of(shape),
                        (chunk, start, m) -> System.arraycopy(data, (int) start, chunk, 0, m));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Object converted = switch (type) {
            case FLOAT32, FLOAT64, INT32, FLOAT16 -> data;
            case INT64 -> narrow((long[]) data);
            case UINT8 -> widen((byte[]) data);
        };
        if (shape.length == 0) {
            double v = converted instanceof float[] f ? f[0] : converted instanceof double[] d ? d[0]
                    : ((int[]) converted)[0];
            return Tensor.scalar(v, type.tensorType(), device);
        }
        return switch (type.tensorType()) {
            case FLOAT32 -> Tensor.of(device, (float[]) converted, shape);
            case FLOAT64 -> Tensor.of(device, (double[]) converted, shape);
            case INT32 -> Tensor.of(device, (int[]) converted, shape);
            case FLOAT16, BFLOAT16 -> throw new AssertionError("converted above or never loaded: " + type);
        };
    }

    private static int[] narrow(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) {
                throw new IllegalArgumentException("NpyArray.toTensor: int64 element " + i + " = " + v[i]
                        + " does not fit in INT32, the widest integer tensor type");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    private static int[] widen(byte[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] & 0xff;
        }
        return out;
    }

    @Override
    public String toString() {
        return "NpyArray(" + type.descr() + ", " + Arrays.toString(shape) + ")";
    }
}
