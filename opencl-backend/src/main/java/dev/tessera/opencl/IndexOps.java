package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.IndexOp;
import dev.tessera.opencl.ProgramCache.Family;

/**
 * Launcher of index.cl: gather and index-select with one work item per output element; scatter-add and index-add
 * with one work item per (outer, inner) position that walks the indices in order (no atomics, deterministic).
 */
final class IndexOps {
    private final ClContext cx;

    IndexOps(ClContext cx) {
        this.cx = cx;
    }

    /** See {@link dev.tessera.backend.Backend#index}. */
    void index(IndexOp op, ClBuffer src, ClBuffer index, ClBuffer dst, long outer, long n, long m, long inner) {
        DType t = dst.dtype();
        String name = switch (op) {
            case GATHER -> "gather";
            case SCATTER_ADD -> "scatter_add";
            case INDEX_SELECT -> "index_select";
            case INDEX_ADD -> "index_add";
        };
        long work = switch (op) {
            case GATHER, INDEX_SELECT -> outer * m * inner;
            case SCATTER_ADD, INDEX_ADD -> outer * inner;
        };
        if (work == 0 || (m == 0 && (op == IndexOp.SCATTER_ADD || op == IndexOp.INDEX_ADD))) {
            return;
        }
        cx.launch1d(cx.kernel(Family.INDEX, t, name), work, src, index, dst, outer, n, m, inner);
    }
}
