package dev.tessera.cuda;

import dev.tessera.conformance.BackendConformanceTest;

/**
 * The backend conformance suite on {@code cuda:0} in FLOAT32. Skipped, with the reason, where no CUDA device can be
 * opened (no NVIDIA driver, no GPU, or a build without PTX).
 */
class CudaConformanceTest extends BackendConformanceTest {
    @Override
    protected String deviceSpec() {
        return "cuda:0";
    }
}
