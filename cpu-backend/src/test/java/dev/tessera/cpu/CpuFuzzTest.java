package dev.tessera.cpu;

import dev.tessera.conformance.BackendFuzzTest;

/** Random op programs on the CPU backend (FLOAT32) against the FLOAT64 reference. */
class CpuFuzzTest extends BackendFuzzTest {
    @Override
    protected String deviceSpec() {
        return "cpu";
    }
}
