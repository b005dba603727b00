package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {
    private static final Device REF = Device.of("reference");

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/fixtures/numpy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] f4(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) i * 0.1f - 1f;
        }
        return v;
    }

    @Test
    void readsNumpyFloat32WithShapeAndValues() throws IOException {
        NpyArray a = Npy.read(fixture("f4_2x3x4.npy"));
        assertEquals(NpyType.FLOAT32, a.type());
        assertArrayEquals(new int[]{2, 3, 4}, a.shape());
        assertArrayEquals(f4(24), (float[]) a.data());
    }

    @Test
    void readsNumpyFloat64() throws IOException {
        NpyArray a = Npy.read(fixture("f8_5x7.npy"));
        assertArrayEquals(new int[]{5, 7}, a.shape());
        double[] expected = new double[35];
        for (int i = 0; i < 35; i++) {
            expected[i] = i * 0.1 - 1;
        }
        assertArrayEquals(expected, (double[]) a.data());
    }

    @Test
    void readsNumpyIntegersAndBytes() throws IOException {
        int[] i4 = (int[]) Npy.read(fixture("i4_4x3.npy")).data();
        for (int i = 0; i < 12; i++) {
            assertEquals(-7 * i + 3, i4[i]);
        }
        long[] i8 = (long[]) Npy.read(fixture("i8_5.npy")).data();
        for (int i = 0; i < 5; i++) {
            assertEquals((i - 2) * 1_000_000_007L, i8[i]);
        }
        NpyArray u1 = Npy.read(fixture("u1_16x16.npy"));
        assertEquals(NpyType.UINT8, u1.type());
        double[] bytes = u1.toDoubleArray();
        for (int i = 0; i < 256; i++) {
            assertEquals(i, bytes[i]);
        }
    }

    @Test
    void loadsIntoTensorsOfTheMatchingDtype() throws IOException {
        try (Scope s = Scope.open()) {
            Tensor f = Npy.readTensor(fixture("f4_2x3x4.npy"), REF);
            assertEquals(DType.FLOAT32, f.dtype());
            assertArrayEquals(new int[]{2, 3, 4}, f.shape().dims());
            assertEquals(f4(24)[23], f.get(1, 2, 3), 0);
            Tensor i8 = Npy.readTensor(fixture("i8_5.npy"), REF);
            assertEquals(DType.INT32, i8.dtype());
            assertArrayEquals(new int[]{-2000000014, -1000000007, 0, 1000000007, 2000000014}, i8.toIntArray());
            Tensor u1 = Npy.readTensor(fixture("u1_16x16.npy"), REF);
            assertEquals(255, u1.get(15, 15));
            Tensor scalar = Npy.readTensor(fixture("f8_scalar.npy"), REF);
            assertEquals(0, scalar.rank());
            assertEquals(3.5, scalar.item());
            Tensor empty = Npy.readTensor(fixture("f4_empty_0x3.npy"), REF);
            assertArrayEquals(new int[]{0, 3}, empty.shape().dims());
        }
    }

    @Test
    void int64OutsideInt32RangeIsRefusedWhenLoadingATensor() {
        IOException e = assertThrows(IOException.class, () -> Npy.readTensor(fixture("i8_large.npy"), REF));
        assertTrue(e.getMessage().contains("1099511627776") && e.getMessage().contains("INT32"), e.getMessage());
    }

    @Test
    void readsFormatVersions2And3() throws IOException {
        NpyArray v2 = Npy.read(fixture("f4_v2.npy"));
        assertArrayEquals(new int[]{2, 5}, v2.shape());
        assertArrayEquals(f4(10), (float[]) v2.data());
        NpyArray v3 = Npy.read(fixture("f4_v3.npy"));
        assertArrayEquals(new int[]{5, 2}, v3.shape());
        assertArrayEquals(f4(10), (float[]) v3.data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fortran.npy:Fortran", "bigendian.npy:big-endian", "object.npy:object",
            "structured.npy:structured", "bool.npy:not supported"})
    void refusesUnsupportedLayoutsWithAClearMessage(String spec) {
        String[] parts = spec.split(":");
        IOException e = assertThrows(IOException.class, () -> Npy.read(fixture(parts[0])));
        assertTrue(e.getMessage().contains(parts[1]) && e.getMessage().contains(parts[0]), e.getMessage());
    }

    @Test
    void writesTheSameBytesAsNumpy() throws IOException {
        for (String name : new String[]{"f4_2x3x4.npy", "f8_5x7.npy", "i4_4x3.npy", "i8_5.npy", "u1_16x16.npy",
                "f8_scalar.npy", "f4_empty_0x3.npy"}) {
            NpyArray a = Npy.read(fixture(name));
            Path out = tmp.resolve(name);
            Npy.write(out, a);
            assertArrayEquals(Files.readAllBytes(fixture(name)), Files.readAllBytes(out), name);
        }
        Path v2 = tmp.resolve("v2.npy");
        Npy.write(v2, Npy.read(fixture("f4_v2.npy")), 2);
        assertArrayEquals(Files.readAllBytes(fixture("f4_v2.npy")), Files.readAllBytes(v2));
        Path v3 = tmp.resolve("v3.npy");
        Npy.write(v3, Npy.read(fixture("f4_v3.npy")), 3);
        assertArrayEquals(Files.readAllBytes(fixture("f4_v3.npy")), Files.readAllBytes(v3));
    }

    @Test
    void tensorRoundTripKeepsDtypeShapeAndValues() throws IOException {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(REF, new double[]{1.5, -2.25, Math.PI, 1e-300, -0.0, 7}, 3, 2);
            Path p = tmp.resolve("t.npy");
            Npy.write(p, t);
            Tensor back = Npy.readTensor(p, REF);
            assertEquals(DType.FLOAT64, back.dtype());
            assertArrayEquals(new int[]{3, 2}, back.shape().dims());
            assertArrayEquals(t.toDoubleArray(), back.toDoubleArray());
            Tensor labels = Tensor.of(REF, new int[]{3, -1, Integer.MAX_VALUE, Integer.MIN_VALUE});
            Npy.write(p, labels);
            assertArrayEquals(labels.toIntArray(), Npy.readTensor(p, REF).toIntArray());
        }
    }

    @Test
    void aHeaderOver64KiBIsRefusedOnWritingAndReading() throws IOException {
        int[] shape = new int[30000];
        Arrays.fill(shape, 1);
        NpyArray a = NpyArray.of(new float[]{2.5f}, shape);
        Path p = tmp.resolve("wide.npy");
        assertThrows(IllegalArgumentException.class, () -> Npy.write(p, a, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.write(p, a)).getMessage()
                .contains("over the 65536 a .npy reader accepts"));
        assertFalse(Files.exists(p));
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }" + " ".repeat(70_000) + "\n";
        ByteBuffer b = ByteBuffer.allocate(12 + header.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0)
                .putInt(header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).putFloat(1f);
        String msg = readFailure(mutated("padded.npy", b.array()));
        assertTrue(msg.contains("header length 70058 exceeds the 65536 bytes"), msg);
    }

    // ------------------------------------------------------------------ hostile files

    private Path mutated(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static String readFailure(Path p) {
        IOException e = assertThrows(IOException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedDataIsAnIOException() throws IOException {
        byte[] good = Files.readAllBytes(fixture("f8_5x7.npy"));
        String msg = readFailure(mutated("cut.npy", Arrays.copyOf(good, good.length - 3)));
        assertTrue(msg.contains("truncated") && msg.contains("280 bytes"), msg);
        msg = readFailure(mutated("long.npy", Arrays.copyOf(good, good.length + 8)));
        assertTrue(msg.contains("extra bytes"), msg);
    }

    @Test
    void tinyOrForeignFilesAreRefused() throws IOException {
        assertTrue(readFailure(mutated("tiny.npy", new byte[]{(byte) 0x93, 'N', 'U'})).contains("preamble"));
        byte[] foreign = Files.readAllBytes(fixture("f4_2x3x4.npy"));
        foreign[1] = 'X';
        assertTrue(readFailure(mutated("foreign.npy", foreign)).contains("not a .npy file"));
        byte[] v9 = Files.readAllBytes(fixture("f4_2x3x4.npy"));
        v9[6] = 9;
        assertTrue(readFailure(mutated("v9.npy", v9)).contains("version 9.0"));
    }

    @Test
    void headerLengthBeyondTheFileIsAnIOException() throws IOException {
        byte[] bad = Files.readAllBytes(fixture("f4_v2.npy"));
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 60_000);
        assertTrue(readFailure(mutated("hdr.npy", bad)).contains("runs past the end"));
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
        assertTrue(readFailure(mutated("hdr2.npy", bad)).contains("exceeds the 65536 bytes"));
    }

    @Test
    void aHugeShapeInASmallFileFailsWithoutAllocating() throws IOException {
        byte[] good = Files.readAllBytes(fixture("f8_5x7.npy"));
        String header = new String(good, 10, 118, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String shape : new String[]{"(40000, 40000)", "(100000, 100000, 100000)", "(-5, 7)"}) {
            byte[] bad = good.clone();
            byte[] patched = header.replace("(5, 7)", shape).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            System.arraycopy(patched, 0, bad, 10, Math.min(patched.length, 117));
            String msg = readFailure(mutated("huge.npy", bad));
            assertTrue(msg.contains("bytes of data") || msg.contains("elements") || msg.contains("integers in"),
                    msg);
        }
    }

    @Test
    void malformedHeadersAreIOExceptions() throws IOException {
        byte[] good = Files.readAllBytes(fixture("f4_2x3x4.npy"));
        String header = new String(good, 10, good.length - 10 - 96, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String[] edit : new String[][]{{"'shape'", "'shapf'"}, {"{", "["}, {"False", "Maybe"}}) {
            byte[] bad = good.clone();
            byte[] patched = header.replace(edit[0], edit[1]).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            System.arraycopy(patched, 0, bad, 10, patched.length);
            readFailure(mutated("bad.npy", bad));
        }
    }

    /** A deeply nested shape used to overflow the stack of the header parser (a StackOverflowError). */
    @Test
    void aDeeplyNestedHeaderIsRefusedWithoutExhaustingTheStack() throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(30_000)
                + ")".repeat(30_000) + ", }\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + header.length())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 2)
                .put((byte) 0).putInt(header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String msg = readFailure(mutated("deep.npy", b.array()));
        assertTrue(msg.contains("nests deeper than 64 levels"), msg);
        assertTrue(msg.length() < 1000, "the message quotes an excerpt of the header, not all of it: " + msg.length());
    }

    /** Writing into a missing directory used to fail naming only the temporary file. */
    @Test
    void writingIntoAMissingDirectorySaysSo() {
        Path target = tmp.resolve("missing").resolve("a.npy");
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> Npy.write(target, NpyArray.of(new int[]{1}, 1)));
        assertTrue(e.getMessage().endsWith("missing: cannot write a.npy there: the directory does not exist"),
                e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNoFileBehind() throws IOException {
        Path target = tmp.resolve("keep.npy");
        Npy.write(target, NpyArray.of(new int[]{1, 2, 3}, 3));
        Npy.write(target, NpyArray.of(new int[]{4, 5}, 2));
        assertArrayEquals(new int[]{4, 5}, (int[]) Npy.read(target).data());
        Path occupied = tmp.resolve("occupied.npy");
        Files.createDirectory(occupied);
        Files.write(occupied.resolve("inside"), new byte[]{1});
        assertThrows(IOException.class, () -> Npy.write(occupied, NpyArray.of(new float[]{1, 2}, 2)));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(2, files.count(), "the failed write must not leave its temporary file");
        }
        assertThrows(IOException.class, () -> Npy.write(tmp.resolve("no/such/dir/x.npy"),
                NpyArray.of(new int[]{1}, 1)));
    }
}
