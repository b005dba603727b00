package dev.tessera.cuda;

import dev.tessera.backend.fused.RecurrentFamily.CellStep;
import dev.tessera.backend.fused.RecurrentFamily.CellStepBackward;

/**
 * The CUDA kernels of the recurrent cell steps, on recurrent.cu: one launch per time step, forward or backward, one
 * thread per (batch row, hidden unit), the argument record packed as it is ({@link DescriptorArgs}).
 */
final class RecurrentOps {
    private final Stream stream;

    RecurrentOps(Stream stream) {
        this.stream = stream;
    }

    /** See {@link CellStep}. */
    void step(CellStep a) {
        launch("cell_step", a, a.states(), (long) a.batch() * a.hidden());
    }

    /** See {@link CellStepBackward}. */
    void stepBackward(CellStepBackward a) {
        launch("cell_step_backward", a, a.states(), (long) a.batch() * a.hidden());
    }

    private void launch(String kernel, Record args, dev.tessera.backend.Buffer typed, long work) {
        if (work == 0) {
            return;
        }
        DescriptorArgs.write(stream.args(), args);
        stream.launch(DTypes.kernel(kernel, typed.dtype()), LaunchConfig.linear(work, stream.multiprocessors()));
    }
}
