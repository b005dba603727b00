package dev.tessera.backend.fused;

import dev.tessera.backend.Backend;

/**
 * One implementation of a fused op: a backend's kernel, or the op's default composition in primitives. It reads and
 * writes the buffers of {@code args} (the op's descriptor says which are outputs and which are modified in place).
 *
 * @param <A> the op's argument record
 */
@FunctionalInterface
public interface FusedKernel<A extends Record> {
    /** Runs the op on {@code backend} (whose buffers {@code args} holds, with sizes already checked). */
    void run(Backend backend, A args);
}
