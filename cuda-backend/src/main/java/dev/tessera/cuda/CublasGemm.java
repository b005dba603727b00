package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.backend.Gemm;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;

/**
 * GEMM through cuBLAS (JCublas2): cublasSgemm / cublasDgemm, or their strided-batched forms for batch > 1, on the
 * backend's stream, restated column-major by {@link CublasCall}. TF32 tensor-core math is used only when switched
 * on ({@link #setTf32}); by default FLOAT32 products are full FP32.
 */
final class CublasGemm implements GemmEngine {
    private final cublasHandle handle;
    private volatile boolean tf32;
    private long calls;

    /** Wraps a handle already bound to the backend's stream. */
    CublasGemm(cublasHandle handle, boolean tf32) {
        this.handle = handle;
        setTf32(tf32);
    }

    /** Turns TF32 tensor-core math for FLOAT32 products on or off. */
    void setTf32(boolean on) {
        check(JCublas2.cublasSetMathMode(handle, on ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH
                : cublasMath.CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
        tf32 = on;
    }

    /** Whether TF32 math is on. */
    boolean tf32() {
        return tf32;
    }

    /** GEMM calls so far (read under the backend's lock). */
    long calls() {
        return calls;
    }

    @Override
    public void run(Gemm g, CudaBuffer a, CudaBuffer b, CudaBuffer c) {
        calls++;
        CublasCall call = CublasCall.of(g);
        boolean single = c.dtype() == DType.FLOAT32;
        Pointer alpha = single ? Pointer.to(new float[]{(float) g.alpha()}) : Pointer.to(new double[]{g.alpha()});
        Pointer beta = single ? Pointer.to(new float[]{(float) g.beta()}) : Pointer.to(new double[]{g.beta()});
        int opFirst = call.transFirst() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opSecond = call.transSecond() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        Pointer pb = b.pointer(g.offsetB());
        Pointer pa = a.pointer(g.offsetA());
        Pointer pc = c.pointer(g.offsetC());
        int status;
        String name;
        if (g.batch() == 1) {
            name = single ? "cublasSgemm" : "cublasDgemm";
            status = single
                    ? JCublas2.cublasSgemm(handle, opFirst, opSecond, call.m(), call.n(), call.k(), alpha, pb,
                            call.ldFirst(), pa, call.ldSecond(), beta, pc, call.ldc())
                    : JCublas2.cublasDgemm(handle, opFirst, opSecond, call.m(), call.n(), call.k(), alpha, pb,
                            call.ldFirst(), pa, call.ldSecond(), beta, pc, call.ldc());
        } else {
            name = single ? "cublasSgemmStridedBatched" : "cublasDgemmStridedBatched";
            status = single
                    ? JCublas2.cublasSgemmStridedBatched(handle, opFirst, opSecond, call.m(), call.n(), call.k(),
                            alpha, pb, call.ldFirst(), g.batchStrideB(), pa, call.ldSecond(), g.batchStrideA(), beta,
                            pc, call.ldc(), g.batchStrideC(), g.batch())
                    : JCublas2.cublasDgemmStridedBatched(handle, opFirst, opSecond, call.m(), call.n(), call.k(),
                            alpha, pb, call.ldFirst(), g.batchStrideB(), pa, call.ldSecond(), g.batchStrideA(), beta,
                            pc, call.ldc(), g.batchStrideC(), g.batch());
        }
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(name + " failed: " + cublasStatus.stringFor(status) + " for " + g + " as "
                    + call);
        }
    }

    static void check(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(call + " failed: " + cublasStatus.stringFor(status));
        }
    }
}
