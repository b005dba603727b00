package dev.tessera.cuda;

import dev.tessera.backend.Gemm;

/** The GEMM of gemm.cu (64 x 64 shared-memory tiles), used when no cuBLAS library could be loaded. */
final class BuiltinGemm implements GemmEngine {
    private final Stream stream;

    BuiltinGemm(Stream stream) {
        this.stream = stream;
    }

    @Override
    public void run(Gemm g, CudaBuffer a, CudaBuffer b, CudaBuffer c) {
        KernelArgs args = stream.args();
        args.i64("batch", g.batch());
        args.i64("m", g.m());
        args.i64("n", g.n());
        args.i64("k", g.k());
        args.i64("transA", g.transA() ? 1 : 0);
        args.i64("transB", g.transB() ? 1 : 0);
        args.i64("lda", g.lda());
        args.i64("ldb", g.ldb());
        args.i64("ldc", g.ldc());
        args.i64("strideA", g.batchStrideA());
        args.i64("strideB", g.batchStrideB());
        args.i64("strideC", g.batchStrideC());
        args.f64("alpha", g.alpha());
        args.f64("beta", g.beta());
        args.ptr("a", a.address(g.offsetA()));
        args.ptr("b", b.address(g.offsetB()));
        args.ptr("c", c.address(g.offsetC()));
        stream.launch(DTypes.kernel("gemm", c.dtype()), LaunchConfig.gemmTiles(g.m(), g.n(), g.batch()));
    }
}
