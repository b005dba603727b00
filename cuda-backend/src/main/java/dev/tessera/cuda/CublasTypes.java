package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.MatmulPrecision;
import jcuda.cudaDataType;
import jcuda.jcublas.cublasComputeType;

/**
 * The element and compute types of a cuBLAS product that runs through {@code cublasGemmEx} (or its strided-batched
 * form): half operands and result (CUDA_R_16F, CUDA_R_16BF) with FP32 accumulation on tensor cores, or FLOAT32 with
 * TF32 products when {@link MatmulPrecision#HIGH} allows them. FLOAT32 at {@link MatmulPrecision#HIGHEST} and
 * FLOAT64 keep cublasSgemm / cublasDgemm ({@link #of} gives null), whose math follows the handle's math mode.
 * Alpha and beta are floats for every compute type here (CUBLAS_COMPUTE_32F*).
 *
 * @param dataType    the cudaDataType of A, B and C
 * @param computeType the cublasComputeType
 */
record CublasTypes(int dataType, int computeType) {

    /** The GemmEx types of a product with {@code dtype} operands at {@code precision}; null for Sgemm / Dgemm. */
    static CublasTypes of(DType dtype, MatmulPrecision precision) {
        return switch (dtype) {
            case FLOAT16 -> new CublasTypes(cudaDataType.CUDA_R_16F, cublasComputeType.CUBLAS_COMPUTE_32F);
            case BFLOAT16 -> new CublasTypes(cudaDataType.CUDA_R_16BF, cublasComputeType.CUBLAS_COMPUTE_32F);
            case FLOAT32 -> precision == MatmulPrecision.HIGH
                    ? new CublasTypes(cudaDataType.CUDA_R_32F, cublasComputeType.CUBLAS_COMPUTE_32F_FAST_TF32) : null;
            case FLOAT64 -> null;
            case INT32 -> throw new IllegalArgumentException("cublas: no INT32 matrix product (the engine computes "
                    + "integer products in a floating type)");
        };
    }

    /** The cuBLAS function this runs as, for error messages. */
    String function(int batch) {
        return batch == 1 ? "cublasGemmEx" : "cublasGemmStridedBatchedEx";
    }

    @Override
    public String toString() {
        return cudaDataType.stringFor(dataType) + " with " + cublasComputeType.stringFor(computeType);
    }
}
