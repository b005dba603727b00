package dev.tessera.nn;

/** The layer conformance cases on the reference backend itself: its FLOAT32 against its FLOAT64. */
class ReferenceLayerConformanceTest extends LayerConformanceTest {
    @Override
    protected String deviceSpec() {
        return "reference";
    }
}
