package dev.tessera.cuda;

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
        KernelArgs args = stream.args();
        args.i64("op", op.ordinal());
        args.i64("outer", outer);
        args.i64("n", n);
        args.i64("m", m);
        args.i64("inner", inner);
        args.ptr("src", src.address(0));
        args.ptr("index", index.address(0));
        args.ptr("dst", dst.address(0));
        stream.launch(DTypes.kernel("index", dst.dtype()), LaunchConfig.linear(work, stream.multiprocessors()));
    }

    /** See {@link dev.tessera.backend.Backend#random}. */
    void random(RandomDistribution dist, CudaBuffer dst, long count, long seed, long streamOffset, double a, double b) {
        if (count == 0) {
            return;
        }
        long blocks = philoxBlocks(dist, streamOffset, count);
        KernelArgs args = stream.args();
        args.i64("dist", dist.ordinal());
        args.i64("count", count);
        args.i64("seed", seed);
        args.i64("streamOffset", streamOffset);
        args.f64("a", a);
        args.f64("b", b);
        args.i64("blocks", blocks);
        args.ptr("dst", dst.address(0));
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
