package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Primitives;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.reference.HeapBuffer;

/**
 * The CPU backend's primitives: the elementwise ones are {@link ElementwiseOps}'s; reductions, matrix products,
 * indexing and random draws go to {@link Reductions}, {@link GemmDriver} (with the FLOAT32 or FLOAT64 GEMM kernel of
 * {@link Kernels} by the result's dtype), {@link IndexOps} and {@link RandomOps}, all on one {@link WorkerPool}, with
 * the buffers as {@link HeapBuffer}s and the sizes as Java-array indices ({@link HeapBuffer#arrayIndex}).
 */
final class CpuPrimitives extends ElementwiseOps implements Primitives {
    private final Kernels kernels;
    private final Reductions reductions;
    private final GemmDriver gemm;
    private final IndexOps indexing;
    private final RandomOps random;

    CpuPrimitives(Kernels kernels, WorkerPool pool, GemmDriver gemm) {
        super(kernels, pool);
        this.kernels = kernels;
        this.reductions = new Reductions(kernels, pool);
        this.gemm = gemm;
        this.indexing = new IndexOps(pool);
        this.random = new RandomOps(pool);
    }

    @Override
    public void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        reductions.reduce(op, (HeapBuffer) src, (HeapBuffer) dst, HeapBuffer.arrayIndex(outer),
                HeapBuffer.arrayIndex(n), HeapBuffer.arrayIndex(inner));
    }

    @Override
    public void matmul(Gemm g, Buffer a, Buffer b, Buffer c) {
        HeapBuffer hc = (HeapBuffer) c;
        gemm.run(hc.dtype() == DType.FLOAT32 ? kernels.floatGemm() : kernels.doubleGemm(), g,
                ((HeapBuffer) a).array(), ((HeapBuffer) b).array(), hc.array());
    }

    @Override
    public void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner) {
        indexing.index(op, (HeapBuffer) src, (HeapBuffer) index, (HeapBuffer) dst, HeapBuffer.arrayIndex(outer),
                HeapBuffer.arrayIndex(n), HeapBuffer.arrayIndex(m), HeapBuffer.arrayIndex(inner));
    }

    @Override
    public void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset, double a,
                       double b) {
        random.random(dist, (HeapBuffer) dst, HeapBuffer.arrayIndex(count), seed, streamOffset, a, b);
    }
}
