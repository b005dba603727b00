package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.reference.HeapBuffer;
import dev.tessera.random.Philox;

/**
 * The random primitive: Philox is counter-based, so element ranges are drawn independently, in parallel, with
 * {@link Philox#fill} (the specification itself); FLOAT64 widens the binary32 draws as the spec says.
 */
final class RandomOps {
    private final WorkerPool pool;

    RandomOps(WorkerPool pool) {
        this.pool = pool;
    }

    /** See {@link dev.tessera.backend.Backend#random}. */
    void random(RandomDistribution dist, HeapBuffer dst, int count, long seed, long streamOffset, double a, double b) {
        pool.parallelFor(count, 1 << 14, (s, e) -> {
            if (dst.dtype() == DType.FLOAT32) {
                Philox.fill(dist, seed, streamOffset, a, b, s, e - s, dst.f, s);
            } else {
                float[] tmp = Scratch.floats(Scratch.ACC, e - s);
                Philox.fill(dist, seed, streamOffset, a, b, s, e - s, tmp, 0);
                for (int i = s; i < e; i++) {
                    dst.set(i, tmp[i - s]);
                }
            }
        });
    }
}
