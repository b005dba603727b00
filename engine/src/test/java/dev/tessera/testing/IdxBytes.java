package dev.tessera.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds IDX files (the MNIST format) for tests: the magic {@code 0, 0, 0x08 (unsigned byte), rank}, each dimension
 * as a big-endian 32-bit integer, then the payload bytes as given.
 */
public final class IdxBytes {
    private IdxBytes() {
    }

    /** An unsigned-byte IDX file of {@code shape} whose elements are {@code payload}, in row-major order. */
    public static byte[] ubyte(int[] shape, byte[] payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[]{0, 0, 8, (byte) shape.length});
            for (int d : shape) {
                out.writeInt(d);
            }
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
