package dev.tessera.train;

/** {@link TrainerSyncConformanceTest} on the reference backend. */
class ReferenceTrainerSyncTest extends TrainerSyncConformanceTest {
    @Override
    protected String deviceSpec() {
        return "reference";
    }
}
