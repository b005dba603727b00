package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are read and written one chunk at a time ({@link TensorChunks}): tensors spanning several chunks, with a
 * partial last chunk, must come back bit for bit in every dtype and stored type, strided views included, and an
 * element that cannot be converted must be named by its index in the whole tensor, not in its chunk.
 */
class StreamedIoTest {
    private static final Device REF = Device.of("reference");
    /** Two full chunks and a partial third. */
    private static final int N = 2 * TensorChunks.CHUNK_ELEMENTS + 12_345;
    @TempDir
    Path dir;

    /** N elements uniform on [-1000, 1000) ({@code to(INT32)} of that for INT32). */
    private static Tensor sample(DType dtype, long seed) {
        Tensor t = Tensor.uniform(new Generator(seed), -1000, 1000, Shape.of(N), dtype.isFloating() ? dtype
                : DType.FLOAT64, REF);
        if (dtype.isFloating()) {
            return t;
        }
        try (t) {
            return t.to(dtype);
        }
    }

    /** The transpose of a 5 x (N / 5) sample: a strided view of about N elements. */
    private static Tensor transposed(DType dtype, long seed) {
        try (Tensor t = sample(dtype, seed); Tensor s = t.slice(0, 0, N / 5 * 5); Tensor r = s.reshape(5, N / 5)) {
            return r.t();
        }
    }

    /**
     * A sample of each of {@code dtypes} and a transposed one of each of {@code transposedDtypes}, keyed by the dtype's
     * name (and " transposed"), of seeds counting up from {@code seed}.
     */
    private static Map<String, Tensor> samples(long seed, List<DType> dtypes, List<DType> transposedDtypes) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        long next = seed;
        for (DType t : dtypes) {
            out.put(t.name(), sample(t, next++));
        }
        for (DType t : transposedDtypes) {
            out.put(t.name() + " transposed", transposed(t, next++));
        }
        return out;
    }

    @Test
    void safetensorsRoundTripsTensorsOfSeveralChunksInEveryDtypeAndAStridedView() throws IOException {
        Map<String, Tensor> in = samples(1, List.of(DType.values()), List.of(DType.FLOAT32, DType.BFLOAT16));
        Path p = dir.resolve("chunks.safetensors");
        Safetensors.write(p, in, null);
        try (SafetensorsContent c = Safetensors.read(p, REF)) {
            for (Map.Entry<String, Tensor> e : in.entrySet()) {
                IoAsserts.assertSameTensor(e.getKey(), e.getValue(), c.tensors().get(e.getKey()));
            }
        }
    }

    @Test
    void npyRoundTripsTensorsOfSeveralChunksInEveryDtypeAndAStridedView() throws IOException {
        Map<String, Tensor> in = samples(20, List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.FLOAT16),
                List.of(DType.FLOAT64, DType.FLOAT16));
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            Path p = dir.resolve(e.getKey() + ".npy");
            Npy.write(p, e.getValue());
            try (Tensor back = Npy.readTensor(p, REF)) {
                IoAsserts.assertSameTensor(e.getKey(), e.getValue(), back);
            }
            NpyArray array = Npy.read(p);
            assertArrayEquals(e.getValue().toDoubleArray(), array.toDoubleArray(), 0.0, e.getKey());
            try (Tensor back = array.toTensor(REF)) {
                IoAsserts.assertSameTensor(e.getKey(), e.getValue(), back);
            }
        }
    }

    @Test
    void safetensorsLoadsHalfPrecisionAsItIsAndNarrowsInt64AcrossChunks() throws IOException {
        ByteBuffer f16 = ByteBuffer.allocate(2 * N).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer bf16 = ByteBuffer.allocate(2 * N).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer i64 = ByteBuffer.allocate(8 * N).order(ByteOrder.LITTLE_ENDIAN);
        double[] expected = new double[N];
        for (int i = 0; i < N; i++) {
            int v = i % 2048 - 1024; // exact in binary16 (11 significant bits)
            f16.putShort(toHalf(v));
            int bits = Float.floatToIntBits(v) & 0xffff0000; // bfloat16 keeps the top 16 bits of binary32
            expected[i] = Float.intBitsToFloat(bits);
            bf16.putShort((short) (bits >>> 16));
            i64.putLong(i % 2 == 0 ? -i : i);
        }
        Path p = dir.resolve("half.safetensors");
        writeRaw(p, "F16", f16.array(), "BF16", bf16.array(), "I64", i64.array());
        for (boolean widened : new boolean[]{false, true}) {
            try (SafetensorsContent c = widened ? Safetensors.readWidened(p, REF) : Safetensors.read(p, REF)) {
                assertEquals(widened ? DType.FLOAT32 : DType.FLOAT16, c.tensors().get("a").dtype());
                assertEquals(widened ? DType.FLOAT32 : DType.BFLOAT16, c.tensors().get("b").dtype());
                double[] halves = c.tensors().get("a").toDoubleArray();
                for (int i = 0; i < N; i++) {
                    assertEquals(i % 2048 - 1024, halves[i], 0.0, "F16 element " + i);
                }
                assertArrayEquals(expected, c.tensors().get("b").toDoubleArray(), 0.0);
            }
        }
        try (SafetensorsContent c = Safetensors.read(p, REF)) {
            int[] ints = c.tensors().get("c").toIntArray();
            for (int i = 0; i < N; i++) {
                assertEquals(i % 2 == 0 ? -i : i, ints[i], "I64 element " + i);
            }
        }
        int bad = TensorChunks.CHUNK_ELEMENTS + 3;
        i64.putLong(8 * bad, 1L << 40);
        writeRaw(p, "F16", f16.array(), "BF16", bf16.array(), "I64", i64.array());
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(p, REF));
        assertTrue(e.getMessage().contains("at element " + bad) && e.getMessage().contains("1099511627776"),
                e.getMessage());
    }

    @Test
    void npyNarrowsInt64AndWidensBytesAcrossChunksNamingTheWholeTensorIndex() throws IOException {
        long[] wide = new long[N];
        byte[] bytes = new byte[N];
        for (int i = 0; i < N; i++) {
            wide[i] = i % 3 == 0 ? -i : i;
            bytes[i] = (byte) i;
        }
        Path p = dir.resolve("i8.npy");
        Npy.write(p, NpyArray.of(wide, N));
        try (Tensor t = Npy.readTensor(p, REF)) {
            int[] v = t.toIntArray();
            for (int i = 0; i < N; i++) {
                assertEquals(wide[i], v[i], "element " + i);
            }
        }
        Path u = dir.resolve("u1.npy");
        Npy.write(u, NpyArray.ofUnsignedBytes(bytes, N));
        try (Tensor t = Npy.readTensor(u, REF)) {
            int[] v = t.toIntArray();
            for (int i = 0; i < N; i++) {
                assertEquals(i & 0xff, v[i], "element " + i);
            }
        }
        int bad = 2 * TensorChunks.CHUNK_ELEMENTS + 1;
        wide[bad] = -(1L << 40);
        Npy.write(p, NpyArray.of(wide, N));
        IOException e = assertThrows(IOException.class, () -> Npy.readTensor(p, REF));
        assertTrue(e.getMessage().contains("element " + bad + " = -1099511627776"), e.getMessage());
    }

    /** Small integers |v| <= 2048 as IEEE binary16 bits. */
    private static short toHalf(int v) {
        if (v == 0) {
            return 0;
        }
        int sign = v < 0 ? 0x8000 : 0;
        int a = Math.abs(v);
        int exp = 31 - Integer.numberOfLeadingZeros(a);
        int mant = (a << (10 - exp)) & 0x3ff;
        return (short) (sign | (exp + 15) << 10 | mant);
    }

    /** A safetensors file (no checksum) of three 1-d tensors a, b, c of N elements each, stored as given. */
    private static void writeRaw(Path p, String ta, byte[] a, String tb, byte[] b, String tc, byte[] c)
            throws IOException {
        String json = "{" + entry("a", ta, 0, a.length) + "," + entry("b", tb, a.length, a.length + b.length) + ","
                + entry("c", tc, a.length + b.length, a.length + b.length + c.length) + "}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + a.length + b.length + c.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(a).put(b).put(c);
        Files.write(p, out.array());
    }

    private static String entry(String name, String type, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + type + "\",\"shape\":[" + N + "],\"data_offsets\":[" + begin + ","
                + end + "]}";
    }
}
