package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    /** IDX bytes: header for {@code type} and {@code shape}, then {@code payload}. */
    static byte[] idx(int typeCode, int[] shape, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[]{0, 0, (byte) typeCode, (byte) shape.length});
        for (int d : shape) {
            out.writeInt(d);
        }
        out.write(payload);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void readsUnsignedBytesPlainAndGzip() throws IOException {
        byte[] pixels = new byte[2 * 3 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 11);
        }
        byte[] plain = idx(0x08, new int[]{2, 3, 4}, pixels);
        for (Path p : new Path[]{file("images-idx3-ubyte", plain), file("images.gz", gzip(plain))}) {
            IdxArray a = IdxReader.read(p);
            assertEquals(IdxArray.Type.UBYTE, a.type());
            assertArrayEquals(new int[]{2, 3, 4}, a.shape());
            float[] v = a.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals((i * 11) & 0xff, v[i]);
            }
            assertEquals(253, a.toIntArray()[23]);
        }
    }

    @Test
    void decodesEveryTypeBigEndian() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeShort(-300);
        out.writeShort(7);
        assertArrayEquals(new int[]{-300, 7}, IdxReader.read(file("s", idx(0x0B, new int[]{2}, b.toByteArray())))
                .toIntArray());
        b.reset();
        out.writeInt(-70000);
        out.writeInt(123456789);
        assertArrayEquals(new int[]{-70000, 123456789}, IdxReader.read(file("i", idx(0x0C, new int[]{2},
                b.toByteArray()))).toIntArray());
        b.reset();
        out.writeFloat(1.25f);
        out.writeFloat(-3.5f);
        IdxArray f = IdxReader.read(file("f", idx(0x0D, new int[]{1, 2}, b.toByteArray())));
        assertArrayEquals(new float[]{1.25f, -3.5f}, f.toFloatArray());
        assertThrows(IllegalStateException.class, f::toIntArray);
        b.reset();
        out.writeDouble(0.1);
        assertArrayEquals(new float[]{0.1f}, IdxReader.read(file("d", idx(0x0E, new int[]{1}, b.toByteArray())))
                .toFloatArray());
        assertArrayEquals(new int[]{-1, 127}, IdxReader.read(file("b", idx(0x09, new int[]{2},
                new byte[]{-1, 127}))).toIntArray());
    }

    private String failure(Path p) {
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedOrOverlongDataIsAnIOException() throws IOException {
        byte[] plain = idx(0x08, new int[]{10, 5}, new byte[50]);
        byte[] cut = Arrays.copyOf(plain, plain.length - 1);
        assertTrue(failure(file("cut", cut)).contains("truncated"));
        assertTrue(failure(file("cut.gz", gzip(cut))).contains("only 49"));
        byte[] longer = Arrays.copyOf(plain, plain.length + 2);
        assertTrue(failure(file("long", longer)).contains("extra bytes"));
        assertTrue(failure(file("long.gz", gzip(longer))).contains("extra bytes"));
        assertTrue(failure(file("header.gz", gzip(Arrays.copyOf(plain, 9)))).contains("ends after 1"));
    }

    @Test
    void aHugeDeclaredShapeInASmallGzipFailsWithoutAllocatingIt() throws IOException {
        byte[] hostile = gzip(idx(0x08, new int[]{1000, 1000}, new byte[1000]));
        assertTrue(failure(file("big.gz", hostile)).contains("only 1000"));
        byte[] bomb = gzip(idx(0x08, new int[]{40000, 50000}, new byte[1000]));
        String msg = failure(file("huge.gz", bomb));
        assertTrue(msg.contains("2000000000 bytes of data") && msg.contains("-D" + InflateLimit.PROPERTY), msg);
        assertTrue(failure(file("toobig", idx(0x0E, new int[]{60000, 60000}, new byte[8]))).contains("2 GiB"));
    }

    /** A gzip file cut inside its compressed stream says so, instead of only that the IDX magic number is short. */
    @Test
    void aCutGzipStreamNamesTheDecompressorsReason() throws IOException {
        byte[] z = gzip(idx(0x08, new int[]{4}, new byte[4]));
        String msg = failure(file("cut.gz", java.util.Arrays.copyOf(z, 12)));
        assertTrue(msg.contains("shorter than the 4-byte magic number (Unexpected end of ZLIB input stream)"), msg);
    }

    @Test
    void foreignFilesAreRefused() throws IOException {
        assertTrue(failure(file("magic", new byte[]{1, 0, 8, 1, 0, 0, 0, 0})).contains("two zero bytes"));
        assertTrue(failure(file("type", idx(0x0A, new int[]{1}, new byte[1]))).contains("0xa"));
        assertTrue(failure(file("short", new byte[]{0, 0})).contains("4-byte magic"));
        assertTrue(failure(file("rank0", new byte[]{0, 0, 8, 0})).contains("rank is 0"));
        byte[] corrupt = gzip(idx(0x08, new int[]{4}, new byte[4]));
        corrupt[corrupt.length / 2] ^= 0x5a;
        corrupt[corrupt.length - 5] ^= 0x5a;
        failure(file("corrupt.gz", corrupt));
        byte[] gz = gzip(idx(0x08, new int[]{4000}, new byte[4000]));
        failure(file("cutgz.gz", Arrays.copyOf(gz, gz.length / 2)));
    }
}
