package dev.tessera.cpu;

import dev.tessera.nn.LayerConformanceTest;

/** Every nn layer in FLOAT32 on the CPU backend as configured (fast paths on) against the FLOAT64 reference. */
class CpuLayerConformanceTest extends LayerConformanceTest {
    @Override
    protected String deviceSpec() {
        return "cpu";
    }
}
