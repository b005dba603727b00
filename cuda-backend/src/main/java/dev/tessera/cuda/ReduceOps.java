package dev.tessera.cuda;

import dev.tessera.DType;
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
            write(stream.args(), op, src, dst, outer, n, inner, plan.splits(), values, indices);
            stream.launch(DTypes.kernel(plan.kernel(), t), plan.config());
            if (plan.splits() > 1) {
                write(stream.args(), op, src, dst, outer, n, inner, plan.splits(), values, indices);
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

    private static void write(KernelArgs args, ReduceOp op, CudaBuffer src, CudaBuffer dst, long outer, long n,
                              long inner, int splits, CudaBuffer values, CudaBuffer indices) {
        args.i64("op", op.ordinal());
        args.i64("outer", outer);
        args.i64("n", n);
        args.i64("inner", inner);
        args.i64("splits", splits);
        args.ptr("src", src.address(0));
        args.ptr("dst", dst.address(0));
        args.ptr("partialValue", values == null ? 0 : values.address(0));
        args.ptr("partialIndex", indices == null ? 0 : indices.address(0));
    }
}
