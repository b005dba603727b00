package dev.tessera.train;

/** {@link CompiledStepConformanceTest} on the reference backend (recorded calls). */
class ReferenceCompiledStepTest extends CompiledStepConformanceTest {
    @Override
    protected String deviceSpec() {
        return "reference";
    }
}
