package dev.tessera.spark;

import java.io.Serializable;

/**
 * Called in every worker before each optimizer step (for progress reporting or fault injection); an exception thrown
 * here fails the task like any other, and the driver retries the stage from its last checkpoint.
 */
@FunctionalInterface
public interface WorkerHook extends Serializable {
    /** No hook. */
    WorkerHook NONE = (rank, step, attempt) -> {
    };

    /**
     * Before global step {@code step} on worker {@code rank}.
     *
     * @param attempt the driver's attempt at the current stage, from 0
     */
    void beforeStep(int rank, long step, int attempt);
}
