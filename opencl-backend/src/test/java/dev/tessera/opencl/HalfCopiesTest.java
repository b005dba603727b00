package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.HalfFloats;
import dev.tessera.Tensor;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Operand;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FLOAT16 and BFLOAT16 storage on OpenCL: every conversion of {@code copy} to and from the half types against
 * {@link HalfFloats} bit for bit (all 65536 patterns widened, random and edge floats narrowed, doubles and ints
 * through float, strided views, constants), and tensor ops on half tensors computed by the engine in FLOAT32.
 */
class HalfCopiesTest {
    private static final int PATTERNS = 1 << 16;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void widensEveryBitPatternExactly(DType half) {
        Backend cl = ClTesting.device();
        short[] bits = new short[PATTERNS];
        for (int i = 0; i < PATTERNS; i++) {
            bits[i] = (short) i;
        }
        Buffer h = upload(cl, half, bits);
        float[] f = new float[PATTERNS];
        Buffer out = cl.allocate(DType.FLOAT32, PATTERNS);
        cl.copy(view(h, 0, 1), view(out, 0, 1), new int[]{PATTERNS});
        cl.read(out, 0, f, 0, PATTERNS);
        for (int i = 0; i < PATTERNS; i++) {
            float expected = HalfFloats.widen(half, bits[i]);
            if (Float.isNaN(expected) ? !Float.isNaN(f[i])
                    : Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(f[i])) {
                fail(half + " bits 0x" + Integer.toHexString(i) + ": expected " + expected + ", got " + f[i]);
            }
        }
        double[] d = new double[PATTERNS];
        Buffer wide = cl.allocate(DType.FLOAT64, PATTERNS);
        cl.copy(view(h, 0, 1), view(wide, 0, 1), new int[]{PATTERNS});
        cl.read(wide, 0, d, 0, PATTERNS);
        for (int i = 0; i < PATTERNS; i++) {
            assertEquals(HalfFloats.widen(half, bits[i]), d[i], 0.0, half + " -> FLOAT64 at 0x" + Integer.toHexString(i));
        }
        free(cl, h, out, wide);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void narrowsFloatsToNearestEven(DType half) {
        Backend cl = ClTesting.device();
        float[] v = edgeAndRandomFloats(new Random(13 + half.ordinal()));
        short[] expected = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = HalfFloats.narrow(half, v[i]);
        }
        Buffer src = cl.allocate(DType.FLOAT32, v.length);
        cl.write(src, 0, v, 0, v.length);
        Buffer h = cl.allocate(half, v.length);
        cl.copy(view(src, 0, 1), view(h, 0, 1), new int[]{v.length});
        assertBits(half, "FLOAT32 -> " + half, v, expected, download(cl, h));
        free(cl, src, h);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void doublesAndIntsNarrowThroughFloat(DType half) {
        Backend cl = ClTesting.device();
        Random rnd = new Random(29);
        int n = 4096;
        double[] d = new double[n];
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = i < 8 ? new double[]{0.1, -0.1, 1 + 0x1p-11 + 0x1p-40, 65519.99, 65520, 1e-8, 1e300, Double.NaN}[i]
                    : rnd.nextGaussian() * Math.pow(2, rnd.nextInt(40) - 20);
            ints[i] = i < 4 ? new int[]{Integer.MAX_VALUE, Integer.MIN_VALUE, 2049, 16_777_217}[i] : rnd.nextInt();
        }
        float[] viaFloat = new float[n];
        short[] fromDoubles = new short[n];
        short[] fromInts = new short[n];
        for (int i = 0; i < n; i++) {
            viaFloat[i] = (float) d[i];
            fromDoubles[i] = HalfFloats.narrow(half, (float) d[i]);
            fromInts[i] = HalfFloats.narrow(half, (float) ints[i]);
        }
        Buffer h = cl.allocate(half, n);
        if (cl.supports(DType.FLOAT64)) {
            Buffer src = cl.allocate(DType.FLOAT64, n);
            cl.write(src, 0, d, 0, n);
            cl.copy(view(src, 0, 1), view(h, 0, 1), new int[]{n});
            assertBits(half, "FLOAT64 -> " + half, viaFloat, fromDoubles, download(cl, h));
            cl.free(src);
        }
        Buffer src = cl.allocate(DType.INT32, n);
        cl.write(src, 0, ints, 0, n);
        cl.copy(view(src, 0, 1), view(h, 0, 1), new int[]{n});
        float[] intsAsFloats = new float[n];
        for (int i = 0; i < n; i++) {
            intsAsFloats[i] = ints[i];
        }
        assertBits(half, "INT32 -> " + half, intsAsFloats, fromInts, download(cl, h));
        // and back: to INT32 truncates toward zero (NaN to 0, infinities saturate, as Java's (int) cast)
        short[] all = new short[PATTERNS];
        int[] expected = new int[PATTERNS];
        for (int i = 0; i < PATTERNS; i++) {
            all[i] = (short) i;
            expected[i] = (int) HalfFloats.widen(half, all[i]);
        }
        Buffer every = upload(cl, half, all);
        Buffer back = cl.allocate(DType.INT32, PATTERNS);
        cl.copy(view(every, 0, 1), view(back, 0, 1), new int[]{PATTERNS});
        int[] got = new int[PATTERNS];
        cl.read(back, 0, got, 0, PATTERNS);
        assertArrayEquals(expected, got, half + " -> INT32");
        free(cl, h, src, every, back);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void convertsBetweenTheHalfTypesAndThroughStridedViews(DType half) {
        Backend cl = ClTesting.device();
        DType other = half == DType.FLOAT16 ? DType.BFLOAT16 : DType.FLOAT16;
        int rows = 37;
        int cols = 53;
        int n = rows * cols;
        short[] bits = new short[n];
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            bits[i] = HalfFloats.narrow(half, (float) (rnd.nextGaussian() * 100));
        }
        Buffer src = upload(cl, half, bits);
        // transpose into the other half type: dst[c][r] = src[r][c]
        Buffer t = cl.allocate(other, n);
        cl.copy(view(src, 0, cols, 1), view(t, 0, 1, rows), new int[]{rows, cols});
        short[] transposed = download(cl, t);
        // and the same type, strided: every other column of src, reversed rows
        Buffer sub = cl.allocate(half, rows * ((cols + 1) / 2));
        cl.copy(view(src, (long) (rows - 1) * cols, -cols, 2), view(sub, 0, (cols + 1) / 2, 1),
                new int[]{rows, (cols + 1) / 2});
        short[] picked = download(cl, sub);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                short expected = HalfFloats.narrow(other, HalfFloats.widen(half, bits[r * cols + c]));
                assertEquals(expected, transposed[c * rows + r], half + " -> " + other + " at " + r + "," + c);
            }
            for (int c = 0; c < cols; c += 2) {
                assertEquals(bits[(rows - 1 - r) * cols + c], picked[r * ((cols + 1) / 2) + c / 2],
                        half + " strided copy at " + r + "," + c);
            }
        }
        free(cl, src, t, sub);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void constantsFillDenseAndStridedWithTheRoundedValue(DType half) {
        Backend cl = ClTesting.device();
        Buffer h = upload(cl, half, new short[60]);
        cl.copy(Operand.constant(0.1), view(h, 0, 1), new int[]{20});
        cl.copy(Operand.constant(-65520), view(h, 20, 4, 1), new int[]{5, 2});
        short[] got = download(cl, h);
        for (int i = 0; i < 60; i++) {
            int j = i - 20;
            short expected = i < 20 ? HalfFloats.narrow(half, 0.1f)
                    : j >= 0 && j < 20 && j % 4 < 2 ? HalfFloats.narrow(half, -65520f) : 0;
            assertEquals(expected, got[i], half + " fill at " + i);
        }
        cl.free(h);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void tensorOpsOnHalfTensorsMatchTheReferenceDevice(DType half) {
        ClTesting.device();
        Device cl = Device.of("opencl:0");
        Device ref = Device.of("reference");
        Random rnd = new Random(71);
        double[] a = dev.tessera.testing.BufferData.uniform(rnd, 6 * 5, -3, 3);
        double[] b = dev.tessera.testing.BufferData.uniform(rnd, 5 * 4, -3, 3);
        try (Tensor ca = Tensor.of(cl, half, a, 6, 5); Tensor cb = Tensor.of(cl, half, b, 5, 4);
             Tensor ra = Tensor.of(ref, half, a, 6, 5); Tensor rb = Tensor.of(ref, half, b, 5, 4);
             Tensor cy = ca.matmul(cb).relu().add(1.5).sum(0); Tensor ry = ra.matmul(rb).relu().add(1.5).sum(0)) {
            assertEquals(half, cy.dtype());
            assertArrayEquals(ry.toDoubleArray(), cy.toDoubleArray(), 0.0, half + " matmul, relu, add, sum");
        }
    }

    /** Zeros, signs, infinities, NaNs, FLOAT16's overflow and subnormal edges, ties, and random magnitudes. */
    private static float[] edgeAndRandomFloats(Random rnd) {
        float[] edges = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                Float.intBitsToFloat(0xffc00001), Float.intBitsToFloat(0x7f800001), 65504f, 65519.996f, 65520f,
                -65520f, 0x1p-24f, 0x1p-25f, 0x1.000002p-25f, 0x1.8p-24f, 0x1p-14f, 0x1.ffcp-15f, 1 + 0x1p-11f,
                1 + 0x3p-11f, 1 + 0x1p-8f, 1 + 0x3p-8f, Float.MAX_VALUE, Float.MIN_VALUE, 0x1.fffffep127f,
                Float.intBitsToFloat(0x7f7f8000), Float.intBitsToFloat(0x3f808000), Float.intBitsToFloat(0x3f818000)};
        float[] v = new float[1 << 16];
        System.arraycopy(edges, 0, v, 0, edges.length);
        for (int i = edges.length; i < v.length; i++) {
            v[i] = i % 2 == 0 ? Float.intBitsToFloat(rnd.nextInt())
                    : (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(60) - 30));
        }
        return v;
    }

    private static void assertBits(DType half, String what, float[] inputs, short[] expected, short[] actual) {
        for (int i = 0; i < expected.length; i++) {
            boolean nan = Float.isNaN(HalfFloats.widen(half, expected[i]));
            boolean ok = nan ? Float.isNaN(HalfFloats.widen(half, actual[i])) : expected[i] == actual[i];
            if (!ok) {
                fail(what + " of " + inputs[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(inputs[i]))
                        + ") at " + i + ": expected bits 0x" + Integer.toHexString(expected[i] & 0xffff) + ", got 0x"
                        + Integer.toHexString(actual[i] & 0xffff));
            }
        }
    }

    private static Operand view(Buffer b, long offset, long... strides) {
        return Operand.view(b, offset, strides);
    }

    private static Buffer upload(Backend cl, DType half, short[] bits) {
        Buffer b = cl.allocate(half, bits.length);
        cl.write(b, 0, bits, 0, bits.length);
        return b;
    }

    private static short[] download(Backend cl, Buffer b) {
        short[] out = new short[Math.toIntExact(b.numel())];
        cl.read(b, 0, out, 0, out.length);
        return out;
    }

    private static void free(Backend cl, Buffer... buffers) {
        for (Buffer b : buffers) {
            cl.free(b);
        }
    }
}
