package dev.tessera.cuda;

import dev.tessera.DType;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.ReduceOp;

/**
 * The reduce primitive on the kernels of reduce.cu, launched as {@link LaunchConfig#reduce} plans: rows of a warp
 * or a block, long rows split into partial results (combined by a second launch), or columns.
 */
final class ReduceOps {
    private final Stream stream;

    ReduceOps(Stream stream) {
        this.stream = stream;
    }

    /** See {@link dev.tessera.backend.Backend#reduce}. */
    void reduce(ReduceOp op, CudaBuffer src, CudaBuffer dst, long outer, long n, long inner) {
        if (outer * inner == 0) {
            return;
        }
        DType t = src.dtype();
        LaunchConfig.Reduce plan = LaunchConfig.reduce(outer, n, inner, stream.multiprocessors());
        CudaBuffer values = null;
        CudaBuffer indices = null;
        try {
            if (plan.splits() > 1) {
                values = stream.scratch(DType.FLOAT64, outer * plan.splits());
                indices = stream.scratch(DType.INT32, outer * plan.splits());
            }
            ReduceArgs args = new ReduceArgs(op, outer, n, inner, plan.splits(), src, dst, values, indices);
            DescriptorArgs.write(stream.args(), args);
            stream.launch(DTypes.kernel(plan.kernel(), t), plan.config());
            if (plan.splits() > 1) {
                DescriptorArgs.write(stream.args(), args);
                stream.launch(DTypes.kernel("reduce_finish", t), LaunchConfig.reduceFinish(outer));
            }
        } finally {
            if (values != null) {
                stream.release(values);
            }
            if (indices != null) {
                stream.release(indices);
            }
        }
    }

    /**
     * reduce.cu's ReduceArgs, field for field (the partial buffers are null unless rows are split); public, as
     * DescriptorArgs reads it reflectively from the engine.
     */
    public record ReduceArgs(ReduceOp op, long outer, long n, long inner, int splits, Buffer src, Buffer dst,
                              Buffer partialValue, Buffer partialIndex) {
    }
}
