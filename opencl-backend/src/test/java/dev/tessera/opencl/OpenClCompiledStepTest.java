package dev.tessera.opencl;

import dev.tessera.train.CompiledStepConformanceTest;

/**
 * {@link CompiledStepConformanceTest} on {@code opencl:0}, which has no step capture: every step runs eagerly with
 * that reason (not an error) and equals the eager run.
 */
class OpenClCompiledStepTest extends CompiledStepConformanceTest {
    @Override
    protected String deviceSpec() {
        return "opencl:0";
    }
}
