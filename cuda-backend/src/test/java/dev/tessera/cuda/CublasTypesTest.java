package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.MatmulPrecision;
import jcuda.cudaDataType;
import jcuda.jcublas.cublasComputeType;
import org.junit.jupiter.api.Test;

/** Which products go through cublasGemmEx, with which element and compute types (host logic, no GPU). */
class CublasTypesTest {
    @Test
    void halfTypesMultiplyInTheirOwnTypeWithFp32AccumulationAtEveryPrecision() {
        for (MatmulPrecision p : MatmulPrecision.values()) {
            assertEquals(new CublasTypes(cudaDataType.CUDA_R_16F, cublasComputeType.CUBLAS_COMPUTE_32F),
                    CublasTypes.of(DType.FLOAT16, p));
            assertEquals(new CublasTypes(cudaDataType.CUDA_R_16BF, cublasComputeType.CUBLAS_COMPUTE_32F),
                    CublasTypes.of(DType.BFLOAT16, p));
        }
    }

    @Test
    void float32UsesTf32OnlyAtHighPrecisionAndFloat64NeverLeavesDgemm() {
        assertNull(CublasTypes.of(DType.FLOAT32, MatmulPrecision.HIGHEST), "cublasSgemm");
        assertEquals(new CublasTypes(cudaDataType.CUDA_R_32F, cublasComputeType.CUBLAS_COMPUTE_32F_FAST_TF32),
                CublasTypes.of(DType.FLOAT32, MatmulPrecision.HIGH));
        assertNull(CublasTypes.of(DType.FLOAT64, MatmulPrecision.HIGH), "cublasDgemm");
        assertThrows(IllegalArgumentException.class, () -> CublasTypes.of(DType.INT32, MatmulPrecision.HIGHEST));
    }

    @Test
    void namesTheFunctionPerBatchAndTheTypesForErrors() {
        CublasTypes bf = CublasTypes.of(DType.BFLOAT16, MatmulPrecision.HIGHEST);
        assertEquals("cublasGemmEx", bf.function(1));
        assertEquals("cublasGemmStridedBatchedEx", bf.function(3));
        assertEquals("CUDA_R_16BF with CUBLAS_COMPUTE_32F", bf.toString());
    }
}
