package dev.tessera.conformance;

/**
 * Runs the conformance suite on the reference backend itself: its fused ops are the defaults, so this checks the
 * suite's own expectations and, through the FLOAT64 gradient checks, every backward rule in core.
 */
class ReferenceConformanceTest extends BackendConformanceTest {
    @Override
    protected String deviceSpec() {
        return "reference";
    }
}
