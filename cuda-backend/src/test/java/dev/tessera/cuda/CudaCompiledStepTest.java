package dev.tessera.cuda;

import dev.tessera.train.CompiledStepConformanceTest;

/**
 * {@link CompiledStepConformanceTest} on {@code cuda:0}: steps captured as CUDA graphs (stream capture, graph-private
 * pool, step scalars read by the optimizer kernels) equal eager steps; skipped with the reason where no GPU exists.
 */
class CudaCompiledStepTest extends CompiledStepConformanceTest {
    @Override
    protected String deviceSpec() {
        return "cuda:0";
    }
}
