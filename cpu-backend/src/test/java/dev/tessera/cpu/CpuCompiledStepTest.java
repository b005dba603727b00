package dev.tessera.cpu;

import dev.tessera.train.CompiledStepConformanceTest;

/** {@link CompiledStepConformanceTest} on the CPU backend (recorded calls, fused kernels and the thread pool). */
class CpuCompiledStepTest extends CompiledStepConformanceTest {
    @Override
    protected String deviceSpec() {
        return "cpu";
    }
}
