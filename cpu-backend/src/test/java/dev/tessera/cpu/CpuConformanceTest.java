package dev.tessera.cpu;

import dev.tessera.conformance.BackendConformanceTest;

/** The backend conformance suite on the CPU backend as configured (Vector API kernels and fused kernels). */
class CpuConformanceTest extends BackendConformanceTest {
    @Override
    protected String deviceSpec() {
        return "cpu";
    }
}
