package dev.tessera.opencl;

import dev.tessera.conformance.BackendConformanceTest;

/**
 * Runs the whole backend conformance suite on {@code opencl:0} (PoCL on CI machines) with the CPU backend's
 * tolerances; skipped with the reason where no OpenCL device exists.
 */
class OpenClConformanceTest extends BackendConformanceTest {
    @Override
    protected String deviceSpec() {
        return "opencl:0";
    }
}
