package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors round trips, atomic writes, PyTorch's extra dtypes, and rejection of every malformed header. */
class SafetensorsTest {
    private final Device d = Device.of("reference");
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesOrderDtypesShapesValuesAndMetadata() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("layers.0.weight", Tensor.of(d, new float[]{1.5f, -2f, 3.25f, Float.MIN_VALUE, 1e30f, -0f}, 2, 3));
        in.put("layers.0.bias", Tensor.of(d, new double[]{Math.PI, -1e-300}, 2));
        in.put("labels", Tensor.of(d, new int[]{7, -3, Integer.MAX_VALUE}, 3));
        in.put("step", Tensor.scalar(42, DType.INT32, d));
        in.put("empty", Tensor.zeros(Shape.of(0, 4), DType.FLOAT32, d));
        Map<String, String> meta = Map.of("format", "tessera", "note", "quote \" backslash \\ newline \n é");
        Path p = dir.resolve("m.safetensors");
        Safetensors.write(p, in, meta);
        try (SafetensorsContent c = Safetensors.read(p, d)) {
            assertEquals(java.util.List.copyOf(in.keySet()), java.util.List.copyOf(c.tensors().keySet()));
            for (String name : in.keySet()) {
                IoAsserts.assertSameTensor(name, in.get(name), c.tensors().get(name));
            }
            assertEquals(meta, c.metadata());
        }
        long n = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8);
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("ckpt.safetensors");
        Safetensors.write(p, Map.of("a", Tensor.of(d, new float[]{1}, 1)), null);
        Safetensors.write(p, Map.of("a", Tensor.of(d, new float[]{2, 3}, 2)), null);
        try (SafetensorsContent c = Safetensors.read(p, d)) {
            assertArrayEquals(new float[]{2, 3}, c.tensors().get("a").toFloatArray());
        }
        Tensor closed = Tensor.of(d, new float[]{9}, 1);
        closed.close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(p, Map.of("bad", closed), null));
        assertTrue(e.getMessage().contains("\"bad\" is closed"), e.getMessage());
        try (SafetensorsContent c = Safetensors.read(p, d)) {
            assertArrayEquals(new float[]{2, 3}, c.tensors().get("a").toFloatArray(), "old file intact");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    /** Writing into a missing directory used to fail naming only the temporary file. */
    @Test
    void writingIntoAMissingDirectorySaysSo() {
        Path target = dir.resolve("missing").resolve("w.safetensors");
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> Safetensors.write(target, Map.of("w", Tensor.zeros(2)), null));
        assertEquals(dir.resolve("missing") + ": cannot write w.safetensors there: the directory does not exist",
                e.getMessage());
    }

    @Test
    void staleTemporariesOfOneTargetAreDeletedAndNothingElse() throws IOException {
        Path target = dir.resolve("last.safetensors");
        Safetensors.write(target, Map.of("w", Tensor.zeros(2)), null);
        byte[] kept = Files.readAllBytes(target);
        for (String name : new String[]{".last.safetensors.123.tmp", ".last.safetensors.9.tmp",
                ".other.safetensors.1.tmp", "last.safetensors.tmp", ".last.safetensors..tmp"}) {
            Files.writeString(dir.resolve(name), "half a file");
        }
        assertEquals(2, Safetensors.deleteStaleTemporaries(target));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(java.util.Set.of("last.safetensors", ".other.safetensors.1.tmp", "last.safetensors.tmp",
                    ".last.safetensors..tmp"), left.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
        assertArrayEquals(kept, Files.readAllBytes(target));
    }

    /**
     * Without a checksum, a flipped bit in the data or in a metadata value was read as a different file. Every bit
     * flip is refused, except in the checksum key's own name, which turns the file into one without a checksum.
     */
    @Test
    void everySingleBitFlipOfAWrittenFileIsRefused() throws IOException {
        Path p = dir.resolve("small.safetensors");
        Safetensors.write(p, Map.of("w", Tensor.of(d, new float[]{1, 2, 3}, 3)), Map.of("lr", "0.003"));
        byte[] good = Files.readAllBytes(p);
        String header = new String(good, 8, good.length - 20, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"" + SafetensorsHeader.CHECKSUM_KEY + "\":\""), header);
        try (SafetensorsContent c = Safetensors.read(p, d)) {
            assertEquals(Map.of("lr", "0.003"), c.metadata(), "the checksum entry is not handed back");
        }
        Path bad = dir.resolve("flipped.safetensors");
        int key = 8 + header.indexOf("\"" + SafetensorsHeader.CHECKSUM_KEY + "\"") + 1;
        for (int i = 0; i < good.length; i++) {
            if (i >= key && i < key + SafetensorsHeader.CHECKSUM_KEY.length()) {
                continue; // a renamed key is a file without a checksum; Checkpoint.read requires one
            }
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = good.clone();
                b[i] ^= (byte) (1 << bit);
                Files.write(bad, b);
                int at = i;
                int which = bit;
                assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bad, d),
                        "bit " + which + " of byte " + at);
            }
        }
        byte[] data = good.clone();
        data[data.length - 1] ^= 1;
        Files.write(bad, data);
        String msg = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bad, d)).getMessage();
        assertTrue(msg.contains("the file is damaged: its CRC-32C is"), msg);
    }

    @Test
    void theChecksumKeyIsReservedAndItsEntryMustBeWellFormed() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x.safetensors"),
                Map.of("w", Tensor.zeros(2)), Map.of(SafetensorsHeader.CHECKSUM_KEY, "0")));
        String json = "{\"__metadata__\":{\"" + SafetensorsHeader.CHECKSUM_KEY + "\":\"xyz\"}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("odd.safetensors");
        Files.write(p, ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .array());
        String msg = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(p, d)).getMessage();
        assertTrue(msg.contains("is 'xyz', not 8 hex digits"), msg);
    }

    @Test
    void readsTypesPyTorchWritesI64F16Bf16() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16 + 6 + 4).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(-5).putLong(1L << 20);
        data.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001); // 1, -2, 2^-24
        data.putShort((short) 0x3fc0).putShort((short) 0xff80); // 1.5, -inf in bf16
        Path p = raw("{\"i\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[16,22]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[22,26]}}", data.array());
        try (SafetensorsContent c = Safetensors.read(p, d)) {
            assertEquals(DType.INT32, c.tensors().get("i").dtype());
            assertArrayEquals(new int[]{-5, 1 << 20}, c.tensors().get("i").toIntArray());
            assertEquals(DType.FLOAT16, c.tensors().get("h").dtype());
            assertArrayEquals(new float[]{1f, -2f, 0x1p-24f}, c.tensors().get("h").toFloatArray());
            assertEquals(DType.BFLOAT16, c.tensors().get("b").dtype());
            assertArrayEquals(new float[]{1.5f, Float.NEGATIVE_INFINITY}, c.tensors().get("b").toFloatArray());
        }
        try (SafetensorsContent c = Safetensors.readWidened(p, d)) {
            assertEquals(DType.FLOAT32, c.tensors().get("h").dtype());
            assertArrayEquals(new float[]{1f, -2f, 0x1p-24f}, c.tensors().get("h").toFloatArray());
            assertEquals(DType.FLOAT32, c.tensors().get("b").dtype());
            assertArrayEquals(new float[]{1.5f, Float.NEGATIVE_INFINITY}, c.tensors().get("b").toFloatArray());
            assertEquals(DType.INT32, c.tensors().get("i").dtype());
        }
    }

    @Test
    void roundTripsEveryDtypeBitForBit() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        double[] v = {0.1, -2.5, 65504, 1e-7, -0.0, 3};
        for (DType t : DType.values()) {
            tensors.put(t.name(), Tensor.of(d, t, v, 2, 3));
        }
        tensors.put("FLOAT16 transposed view", Tensor.of(d, DType.FLOAT16, v, 2, 3).t());
        Path p = dir.resolve("every.safetensors");
        Safetensors.write(p, tensors, null);
        try (SafetensorsContent c = Safetensors.read(p, d)) {
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                IoAsserts.assertSameTensor(e.getKey(), e.getValue(), c.tensors().get(e.getKey()));
            }
        }
        assertEquals(SafetensorsHeader.StoredType.BF16, Safetensors.readHeader(p).entries().stream()
                .filter(e -> e.name().equals("BFLOAT16")).findFirst().orElseThrow().type());
    }

    @Test
    void rejectsI64ValuesOutsideInt32() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Path p = raw("{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}}", data.array());
        expectFormatError(p, "outside the INT32 range");
    }

    @Test
    void rejectsHeaderLengthOutOfBounds() throws IOException {
        Path tooBig = dir.resolve("big.safetensors");
        Files.write(tooBig, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200L << 20).array());
        expectFormatError(tooBig, "outside the accepted range");
        Path pastEnd = dir.resolve("past.safetensors");
        Files.write(pastEnd, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array());
        expectFormatError(pastEnd, "runs past the end of the file");
        Path negative = dir.resolve("neg.safetensors");
        Files.write(negative, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        expectFormatError(negative, "18446744073709551615");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[5]);
        expectFormatError(tiny, "fewer than the 8-byte header length");
    }

    @Test
    void rejectsMalformedHeaders() throws IOException {
        expectFormatError(raw("[1,2]", new byte[0]), "must be a JSON object starting with '{'");
        expectFormatError(raw("{\"a\":", new byte[0]), "not valid JSON");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "repeats the key \"a\"");
        expectFormatError(raw("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]),
                "dtype U8 is not supported");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,4]}}", new byte[4]),
                "non-negative integers");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[4]),
                "non-negative integers");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[4]),
                "array of 2");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}",
                new byte[4]), "unknown field \"x\"");
        expectFormatError(raw("{\"__metadata__\":{\"k\":1}}", new byte[0]), "must be a string");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}",
                new byte[4]), "more than 2147483647 elements");
        String axes64 = "1,".repeat(63) + "1";
        assertEquals(64, Safetensors.readHeader(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[" + axes64
                + "],\"data_offsets\":[0,4]}}", new byte[4])).entries().get(0).shape().length);
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[" + axes64 + ",1],\"data_offsets\":[0,4]}}",
                new byte[4]), "array of more than 64 elements");
    }

    @Test
    void rejectsOffsetsThatDoNotMatchShapeOrTileTheData() throws IOException {
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
                "span 4 bytes but F32 [2] needs 8");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]),
                "end before they begin");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "starts at byte 4");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "overlaps");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[12]),
                "holds 12 bytes");
        expectFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]),
                "holds 8 bytes");
    }

    @Test
    void unknownTensorNameIsNamed() throws IOException {
        Path p = dir.resolve("one.safetensors");
        Safetensors.write(p, Map.of("w", Tensor.of(d, new float[]{1}, 1)), null);
        try (SafetensorsContent c = Safetensors.read(p, d)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.take("v"));
            assertTrue(e.getMessage().contains("no tensor named \"v\" (present: [w])"), e.getMessage());
        }
        assertEquals(1, Safetensors.readHeader(p).entries().size());
    }

    private Path raw(String json, byte[] data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path p = Files.createTempFile(dir, "raw", ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private void expectFormatError(Path p, String fragment) {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(p, d));
        assertTrue(e.getMessage().contains(fragment), "message: " + e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
    }
}
