package dev.tessera.cuda;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.RandomDistribution;

/** The index and random primitives on the kernels of index.cu and random.cu. */
final class IndexOps {
    private final Stream stream;

    IndexOps(Stream stream) {
        this.stream = stream;
    }

    /** See {@link dev.tessera.backend.Backend#index}. */
    void index(IndexOp op, CudaBuffer src, CudaBuffer index, CudaBuffer dst, long outer, long n, long m, long inner) {
        long work = outer * m * inner;
        if (work == 0) {
            return;
        }
        DescriptorArgs.write(stream.args(), new IndexArgs(op, outer, n, m, inner, src, index, dst));
        stream.launch(DTypes.kernel("index", dst.dtype()), LaunchConfig.linear(work, stream.multiprocessors()));
    }

    /** index.cu's IndexArgs, field for field (public: DescriptorArgs reads it reflectively from the engine). */
    public record IndexArgs(IndexOp op, long outer, long n, long m, long inner, Buffer src, Buffer index,
                             Buffer dst) {
    }

    /** random.cu's RandomArgs, field for field (public, as IndexArgs). */
    public record RandomArgs(RandomDistribution dist, long count, long seed, long streamOffset, double a, double b,
                              long blocks, Buffer dst) {
    }

    /** See {@link dev.tessera.backend.Backend#random}. */
    void random(RandomDistribution dist, CudaBuffer dst, long count, long seed, long streamOffset, double a, double b) {
        if (count == 0) {
            return;
        }
        long blocks = philoxBlocks(dist, streamOffset, count);
        DescriptorArgs.write(stream.args(), new RandomArgs(dist, count, seed, streamOffset, a, b, blocks, dst));
        stream.launch(DTypes.kernel("random", dst.dtype()), LaunchConfig.linear(blocks, stream.multiprocessors()));
    }

    /**
     * The Philox blocks holding the first words of a draw's elements (philox_blocks in philox.cuh): from block
     * {@code offset / 4} to the block of the last element's first word.
     */
    static long philoxBlocks(RandomDistribution dist, long streamOffset, long count) {
        long last = streamOffset + (count - 1) * dist.wordsPerElement();
        return (last >>> 2) - (streamOffset >>> 2) + 1;
    }
}
