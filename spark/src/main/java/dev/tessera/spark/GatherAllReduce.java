package dev.tessera.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * All-reduce through the rendezvous itself (Spark's {@code BarrierTaskContext.allGather}): every worker sends its
 * whole vector (Base64 text) to the driver and receives all N vectors, then sums them in rank order. Each worker
 * sends the vector once and receives it N times; the driver relays N^2 vectors per step.
 */
public final class GatherAllReduce implements AllReduce {
    private final Rendezvous rendezvous;
    private long bytesSent;

    /** An all-reduce over {@code rendezvous}. */
    public GatherAllReduce(Rendezvous rendezvous) {
        this.rendezvous = rendezvous;
    }

    @Override
    public void sum(float[] data) {
        ByteBuffer mine = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        mine.asFloatBuffer().put(data);
        String text = Base64.getEncoder().encodeToString(mine.array());
        bytesSent += text.length();
        List<String> all = rendezvous.allGather(text);
        java.util.Arrays.fill(data, 0f);
        for (int r = 0; r < all.size(); r++) {
            var v = ByteBuffer.wrap(Base64.getDecoder().decode(all.get(r))).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
            if (v.remaining() != data.length) {
                throw new IllegalStateException("GatherAllReduce: worker " + r + " sent " + v.remaining()
                        + " values, expected " + data.length);
            }
            for (int i = 0; i < data.length; i++) {
                data[i] += v.get(i);
            }
        }
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public void close() {
    }
}
