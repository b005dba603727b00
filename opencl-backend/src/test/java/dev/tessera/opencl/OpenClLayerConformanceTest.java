package dev.tessera.opencl;

import dev.tessera.nn.LayerConformanceTest;

/**
 * Every nn layer in FLOAT32 on {@code opencl:0} (PoCL on CI machines) against the FLOAT64 reference; skipped with
 * the reason where no OpenCL device exists.
 */
class OpenClLayerConformanceTest extends LayerConformanceTest {
    @Override
    protected String deviceSpec() {
        return "opencl:0";
    }
}
