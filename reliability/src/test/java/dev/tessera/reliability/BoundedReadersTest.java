package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are small on disk but whose headers or compressed streams would take gigabytes are refused by a JVM
 * with a 256 MB heap ({@link ChildJvm}): each read ends in an {@link IOException} naming the file, never an
 * {@link OutOfMemoryError}.
 */
class BoundedReadersTest {
    @TempDir
    Path dir;

    @Test
    void hostileFilesAreRefusedInA256MegabyteHeap() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        Path idx = dir.resolve("bomb-idx.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(idx), 1 << 16)) {
            out.write(new byte[]{0, 0, 0x08, 3, 0, 0, 0, (byte) 200, 0, 0, 0x03, (byte) 0xe8, 0, 0, 0x03, (byte) 0xe8});
            zeros(out, 200_000_000L);
        }
        args.add("idx=" + idx);
        expected.put(idx.toString(), "would exceed the");
        Path csv = dir.resolve("bomb.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(csv), 1 << 16)) {
            byte[] ones = "1".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 300; i++) {
                out.write(ones);
            }
        }
        args.add("csv=" + csv);
        expected.put(csv.toString(), "would exceed the");
        Path st = dir.resolve("axes.safetensors");
        Files.write(st, FileBytes.safetensors("{" + FileBytes.entry("a", "F32", "[" + "1,".repeat(5_000_000) + "1]",
                "[0,4]") + "}", 4));
        args.add("safetensors=" + st);
        expected.put(st.toString(), "array of more than 64 elements");
        Path npy = dir.resolve("header.npy");
        int headerLength = 50_000_000;
        ByteBuffer b = ByteBuffer.allocate(12 + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0)
                .putInt(headerLength);
        Files.write(npy, b.array());
        args.add("npy=" + npy);
        expected.put(npy.toString(), "exceeds the 65536 bytes");

        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertTrue(Files.size(Path.of(e.getKey())) < 60_000_000, e.getKey() + " is small on disk");
        }
        try (ChildJvm child = ChildJvm.start(BoundedReadersChild.class, args.toArray(new String[0]))) {
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String line = next(child);
                assertNotNull(line, child::transcript);
                assertTrue(line.startsWith("refused " + e.getKey() + ": ") && line.substring(8 + e.getKey().length())
                        .contains(e.getKey()), child.transcript());
                assertTrue(line.contains(e.getValue()), line);
                System.out.println(line);
            }
            assertEquals("done", next(child), child::transcript);
            assertEquals(0, child.waitFor(60), child::transcript);
        }
    }

    /** The child's next line of its own (not the JVM's warnings). */
    private static String next(ChildJvm child) throws InterruptedException {
        String line = child.await("", 120);
        while (line != null && line.startsWith("WARNING:")) {
            line = child.await("", 120);
        }
        return line;
    }

    private static void zeros(OutputStream out, long n) throws IOException {
        byte[] chunk = new byte[1 << 20];
        for (long left = n; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
    }
}
