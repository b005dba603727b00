package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.Tessera;
import dev.tessera.backend.Gemm;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasGemmAlgo;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;

/**
 * GEMM through cuBLAS (JCublas2): cublasSgemm / cublasDgemm, or their strided-batched forms for batch > 1, on the
 * backend's stream, restated column-major by {@link CublasCall}; FLOAT16 and BFLOAT16 products (and FLOAT32 ones
 * at {@link dev.tessera.MatmulPrecision#HIGH}) through cublasGemmEx / cublasGemmStridedBatchedEx with the types of
 * {@link CublasTypes}. TF32 tensor-core math is used only when allowed by
 * {@link Tessera#setFloat32MatmulPrecision} or switched on here ({@link #setTf32}); by default FLOAT32 products are
 * full FP32.
 */
final class CublasGemm implements GemmEngine {
    private final cublasHandle handle;
    private volatile boolean tf32;
    private long calls;
    private Block workspace;
    /** Why cuBLAS keeps its default workspace, when it does. */
    private String workspaceDescription = "cuBLAS default";

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

    /**
     * The workspace size cuBLAS recommends for a device of compute capability {@code major}: 32 MiB on Hopper and
     * later (it lets cuBLAS pick its faster split-K and tensor-core algorithms), 4 MiB before.
     */
    static long recommendedWorkspace(int major) {
        return major >= 9 ? 32L << 20 : 4L << 20;
    }

    /**
     * Gives cuBLAS a workspace of {@code bytes} from {@code memory}, held for the backend's lifetime. Without device
     * memory to spare, or if cuBLAS refuses it, cuBLAS keeps its default workspace (and the description says why).
     */
    void attachWorkspace(DeviceMemory memory, long bytes) {
        Block block = memory.allocate(bytes);
        if (block == null) {
            workspaceDescription = "cuBLAS default (no " + bytes + " bytes free for a larger one)";
            return;
        }
        int status = JCublas2.cublasSetWorkspace(handle, block.pointer, bytes);
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            memory.release(block);
            workspaceDescription = "cuBLAS default (cublasSetWorkspace: " + cublasStatus.stringFor(status) + ")";
            return;
        }
        workspace = block;
    }

    /** Which workspace cuBLAS uses, for {@code tessera devices}. */
    String workspaceDescription() {
        return workspace == null ? workspaceDescription : (workspace.size >> 20) + " MiB";
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
        CublasTypes ex = CublasTypes.of(c.dtype(), Tessera.float32MatmulPrecision());
        boolean single = ex != null || c.dtype() == DType.FLOAT32;
        Pointer alpha = single ? Pointer.to(new float[]{(float) g.alpha()}) : Pointer.to(new double[]{g.alpha()});
        Pointer beta = single ? Pointer.to(new float[]{(float) g.beta()}) : Pointer.to(new double[]{g.beta()});
        int opFirst = call.transFirst() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opSecond = call.transSecond() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        Pointer pb = b.pointer(g.offsetB());
        Pointer pa = a.pointer(g.offsetA());
        Pointer pc = c.pointer(g.offsetC());
        int status;
        String name;
        if (ex != null) {
            name = ex.function(g.batch()) + " (" + ex + ")";
            int t = ex.dataType();
            status = g.batch() == 1
                    ? JCublas2.cublasGemmEx_new(handle, opFirst, opSecond, call.m(), call.n(), call.k(), alpha, pb, t,
                            call.ldFirst(), pa, t, call.ldSecond(), beta, pc, t, call.ldc(), ex.computeType(),
                            cublasGemmAlgo.CUBLAS_GEMM_DEFAULT)
                    : JCublas2.cublasGemmStridedBatchedEx_new(handle, opFirst, opSecond, call.m(), call.n(), call.k(),
                            alpha, pb, t, call.ldFirst(), g.batchStrideB(), pa, t, call.ldSecond(), g.batchStrideA(),
                            beta, pc, t, call.ldc(), g.batchStrideC(), g.batch(), ex.computeType(),
                            cublasGemmAlgo.CUBLAS_GEMM_DEFAULT);
        } else if (g.batch() == 1) {
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
