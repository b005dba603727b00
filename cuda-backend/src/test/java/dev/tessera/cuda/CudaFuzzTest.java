package dev.tessera.cuda;

import dev.tessera.conformance.BackendFuzzTest;

/** Random op programs on {@code cuda:0} against the FLOAT64 reference; skipped with the reason without a GPU. */
class CudaFuzzTest extends BackendFuzzTest {
    @Override
    protected String deviceSpec() {
        return "cuda:0";
    }
}
