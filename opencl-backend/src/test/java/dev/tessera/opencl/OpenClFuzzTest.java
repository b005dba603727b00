package dev.tessera.opencl;

import dev.tessera.conformance.BackendFuzzTest;

/** Fuzzes random op programs on {@code opencl:0} against the FLOAT64 reference; skipped where no device exists. */
class OpenClFuzzTest extends BackendFuzzTest {
    @Override
    protected String deviceSpec() {
        return "opencl:0";
    }
}
