package dev.tessera.opencl;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Primitives;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;

/**
 * The OpenCL backend's primitives: the elementwise ones are {@link ElementwiseOps}'s; reductions, matrix products,
 * indexing and random draws go to the launchers of reduce.cl ({@link ReduceOps}), gemm.cl ({@link GemmOps}),
 * index.cl ({@link IndexOps}) and random.cl ({@link RandomOps}) with the buffers as this device's
 * {@link ClBuffer}s.
 */
final class ClPrimitives extends ElementwiseOps implements Primitives {
    private final ClContext cx;
    private final ReduceOps reductions;
    private final GemmOps gemmOps;
    private final IndexOps indexing;
    private final RandomOps randoms;

    ClPrimitives(ClContext cx) {
        super(cx);
        this.cx = cx;
        this.reductions = new ReduceOps(cx, this);
        this.gemmOps = new GemmOps(cx);
        this.indexing = new IndexOps(cx);
        this.randoms = new RandomOps(cx, false);
    }

    /** The reduction launcher (the fused ops reduce with it). */
    ReduceOps reductions() {
        return reductions;
    }

    /** The GEMM launcher (tests use it to run every block configuration). */
    GemmOps gemmOps() {
        return gemmOps;
    }

    @Override
    public void reduce(ReduceOp op, Buffer src, Buffer dst, long outer, long n, long inner) {
        reductions.reduce(op, cx.cl(src), cx.cl(dst), outer, n, inner);
    }

    @Override
    public void matmul(Gemm gemm, Buffer a, Buffer b, Buffer c) {
        gemmOps.matmul(gemm, cx.cl(a), cx.cl(b), cx.cl(c));
    }

    @Override
    public void index(IndexOp op, Buffer src, Buffer index, Buffer dst, long outer, long n, long m, long inner) {
        indexing.index(op, cx.cl(src), cx.cl(index), cx.cl(dst), outer, n, m, inner);
    }

    @Override
    public void random(RandomDistribution dist, Buffer dst, long count, long seed, long streamOffset, double a,
                       double b) {
        randoms.random(dist, cx.cl(dst), count, seed, streamOffset, a, b);
    }
}
