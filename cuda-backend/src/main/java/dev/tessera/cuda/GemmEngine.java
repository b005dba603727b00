package dev.tessera.cuda;

import dev.tessera.backend.Gemm;

/** A way to run the SPI's matrix product on the device: cuBLAS ({@link CublasGemm}) or the built-in kernel. */
interface GemmEngine {
    /** Runs {@code gemm} (m, n, k and batch all > 0) on the stream. */
    void run(Gemm gemm, CudaBuffer a, CudaBuffer b, CudaBuffer c);
}
