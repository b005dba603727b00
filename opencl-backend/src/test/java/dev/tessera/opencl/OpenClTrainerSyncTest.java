package dev.tessera.opencl;

import dev.tessera.train.TrainerSyncConformanceTest;

/**
 * No read per training step on {@code opencl:0} (PoCL on CI machines; see {@link TrainerSyncConformanceTest});
 * skipped with the reason where no OpenCL device exists.
 */
class OpenClTrainerSyncTest extends TrainerSyncConformanceTest {
    @Override
    protected String deviceSpec() {
        return "opencl:0";
    }
}
