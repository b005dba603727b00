package dev.tessera.cpu;

import dev.tessera.train.TrainerSyncConformanceTest;

/** No read per training step on the CPU backend (see {@link TrainerSyncConformanceTest}). */
class CpuTrainerSyncTest extends TrainerSyncConformanceTest {
    @Override
    protected String deviceSpec() {
        return "cpu";
    }
}
