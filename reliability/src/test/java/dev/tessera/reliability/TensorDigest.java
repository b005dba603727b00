package dev.tessera.reliability;

import dev.tessera.Tensor;
import dev.tessera.TensorInternals;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.HostArrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The CRC-32C of a tensor's elements as little-endian bytes in row-major order, read from its device a chunk at a
 * time, so a tensor of gigabytes can be compared with another one without a second copy of either on the heap.
 */
final class TensorDigest {
    private static final int CHUNK = 1 << 18;

    private TensorDigest() {
    }

    /** The CRC-32C of the dense tensor {@code t} (of any dtype). */
    static long of(Tensor t) {
        Buffer buffer = TensorInternals.buffer(t);
        long n = t.numel();
        int size = t.dtype().byteSize();
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK * size).order(ByteOrder.LITTLE_ENDIAN);
        Object chunk = HostArrays.allocate(t.dtype(), CHUNK);
        CRC32C crc = new CRC32C();
        for (long at = 0; at < n; at += CHUNK) {
            int m = (int) Math.min(CHUNK, n - at);
            t.device().backend().read(buffer, Math.toIntExact(at), chunk, 0, m);
            bytes.clear();
            switch (t.dtype()) {
                case FLOAT32 -> bytes.asFloatBuffer().put((float[]) chunk, 0, m);
                case FLOAT64 -> bytes.asDoubleBuffer().put((double[]) chunk, 0, m);
                case INT32 -> bytes.asIntBuffer().put((int[]) chunk, 0, m);
                case FLOAT16, BFLOAT16 -> bytes.asShortBuffer().put((short[]) chunk, 0, m);
            }
            crc.update(bytes.limit(m * size));
        }
        return crc.getValue();
    }
}
