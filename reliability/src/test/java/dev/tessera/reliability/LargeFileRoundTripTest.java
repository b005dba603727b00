package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.io.Npy;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import dev.tessera.io.SafetensorsHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files over 2 GiB round-trip: a safetensors file whose first tensor alone holds 2 GiB of data (so its byte range
 * does not fit an int, and the tensor after it starts beyond byte 2^31) and a .npy file of one 2 GiB tensor. Each is
 * generated on the CPU device from a seeded generator, written, read back and compared by a CRC-32C of the elements
 * ({@link TensorDigest}), so at most one copy of the data is on the heap at any time (the tests run with -Xmx4g), and
 * deleted at once. Each needs about 2.1 GB of free disk; where there is less it is skipped, saying so.
 */
class LargeFileRoundTripTest {
    private static final long TWO_GIB = 1L << 31;
    private static final Device CPU = Device.of("cpu");
    @TempDir
    Path dir;

    private void assumeRoomFor(long bytes) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        assumeTrue(free > bytes + (256L << 20), "needs " + bytes + " bytes of free disk in " + dir + ", has " + free);
    }

    @Test
    void safetensorsFileOver2GiBWithATensorOf2GiBRoundTrips() throws IOException {
        Shape bigShape = Shape.of(16_384, 32_768); // 2^29 FLOAT32 elements: exactly 2 GiB of data
        Shape tailShape = Shape.of(1_000);
        assumeRoomFor(TWO_GIB + 4_000);
        Path p = dir.resolve("big.safetensors");
        try {
            long[] digests = writeSafetensors(p, bigShape);
            long bigDigest = digests[0];
            long tailDigest = digests[1];
            assertTrue(Files.size(p) > TWO_GIB, "file of " + Files.size(p) + " bytes");
            SafetensorsHeader header = Safetensors.readHeader(p);
            SafetensorsHeader.Entry tailEntry = header.entries().get(1);
            assertEquals(TWO_GIB, tailEntry.begin(), "the tail tensor starts right after 2 GiB of data");
            try (SafetensorsContent c = Safetensors.read(p, CPU)) {
                Tensor big = c.tensors().get("big");
                Tensor tail = c.tensors().get("tail");
                assertEquals(bigShape, big.shape());
                assertEquals(DType.FLOAT32, big.dtype());
                assertEquals(bigDigest, TensorDigest.of(big), "CRC-32C of the 2 GiB tensor read back");
                assertEquals(tailShape, tail.shape());
                assertEquals(DType.INT32, tail.dtype());
                assertEquals(tailDigest, TensorDigest.of(tail), "CRC-32C of the tensor after 2 GiB read back");
                assertEquals("a file over 2 GiB", c.metadata().get("purpose"));
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void npyFileOver2GiBRoundTrips() throws IOException {
        Shape shape = Shape.of(16_384, 16_384); // 2^28 FLOAT64 elements: exactly 2 GiB of data after the header
        assumeRoomFor(TWO_GIB + 128);
        Path p = dir.resolve("big.npy");
        try {
            long digest = writeNpy(p, shape);
            assertTrue(Files.size(p) > TWO_GIB, "file of " + Files.size(p) + " bytes");
            try (Tensor back = Npy.readTensor(p, CPU)) {
                assertEquals(shape, back.shape());
                assertEquals(DType.FLOAT64, back.dtype());
                assertEquals(digest, TensorDigest.of(back), "CRC-32C of the 2 GiB tensor read back");
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }

    /*
     * The writers below are methods of their own so that the written tensor is unreachable once they return: a
     * local variable of the test method could keep its 2 GiB array alive (in an interpreted frame) while the file is
     * read back into a second one.
     */

    /** Writes a 2 GiB FLOAT32 tensor "big" and a small INT32 "tail" to {@code p}; returns their digests. */
    private static long[] writeSafetensors(Path p, Shape bigShape) throws IOException {
        try (Tensor big = Tensor.uniform(new Generator(11), -1, 1, bigShape, DType.FLOAT32, CPU);
             Tensor tail = Tensor.arange(-500, 500, 1, DType.INT32, CPU)) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("big", big);
            tensors.put("tail", tail);
            Safetensors.write(p, tensors, Map.of("purpose", "a file over 2 GiB"));
            return new long[]{TensorDigest.of(big), TensorDigest.of(tail)};
        }
    }

    /** Writes a FLOAT64 tensor of {@code shape} drawn from a standard normal to {@code p}; returns its digest. */
    private static long writeNpy(Path p, Shape shape) throws IOException {
        try (Tensor t = Tensor.normal(new Generator(12), 0, 1, shape, DType.FLOAT64, CPU)) {
            Npy.write(p, t);
            return TensorDigest.of(t);
        }
    }
}
