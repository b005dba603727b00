package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.conformance.BackendConformanceTest;

/** The conformance suite on {@code cuda:0} with FLOAT64 tensors, which exercises the f64 kernels end to end. */
class CudaFloat64ConformanceTest extends BackendConformanceTest {
    @Override
    protected String deviceSpec() {
        return "cuda:0";
    }

    @Override
    protected DType dtype() {
        return DType.FLOAT64;
    }
}
