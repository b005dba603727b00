package dev.tessera.opencl;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.RecurrentFamily.CellStep;
import dev.tessera.backend.fused.RecurrentFamily.CellStepBackward;
import dev.tessera.opencl.ProgramCache.Family;

/**
 * Launchers of recurrent.cl: one launch per time step of a recurrent cell, forward or backward, one work item per
 * (batch row, hidden unit). A null operand is passed as another buffer of the call with its flag off.
 */
final class RecurrentOps {
    private final ClContext cx;

    RecurrentOps(ClContext cx) {
        this.cx = cx;
    }

    private ClBuffer orElse(Buffer b, ClBuffer other) {
        return b == null ? other : cx.cl(b);
    }

    /** See {@link CellStep}. */
    void step(CellStep a) {
        long n = (long) a.batch() * a.hidden();
        if (n == 0) {
            return;
        }
        ClBuffer st = cx.cl(a.states());
        cx.launch1d(cx.kernel(Family.RECURRENT, st.dtype(), "cell_step"), n, a.cell().ordinal(), cx.cl(a.x()),
                a.xOffset(), cx.cl(a.hh()), orElse(a.bias(), st), a.bias() == null ? 0 : 1, st, a.prevOffset(),
                a.nextOffset(), a.cellOffset(), orElse(a.saved(), st), a.savedOffset(), orElse(a.keep(), st),
                a.keep() == null ? 0 : 1, a.keepOffset(), a.batch(), a.hidden());
    }

    /** See {@link CellStepBackward}. */
    void stepBackward(CellStepBackward a) {
        long n = (long) a.batch() * a.hidden();
        if (n == 0) {
            return;
        }
        ClBuffer st = cx.cl(a.states());
        ClBuffer gx = cx.cl(a.gx());
        cx.launch1d(cx.kernel(Family.RECURRENT, st.dtype(), "cell_step_backward"), n, a.cell().ordinal(),
                orElse(a.saved(), st), a.savedOffset(), st, a.prevOffset(), a.nextOffset(), a.cellOffset(),
                orElse(a.keep(), st), a.keep() == null ? 0 : 1, a.keepOffset(), cx.cl(a.gradStates()),
                cx.cl(a.carry()), gx, a.gxOffset(), orElse(a.ghh(), gx), a.ghhOffset(), a.batch(), a.hidden());
    }
}
