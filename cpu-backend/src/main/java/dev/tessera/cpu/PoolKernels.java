package dev.tessera.cpu;

import dev.tessera.ConvShape;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.PoolFamily;
import dev.tessera.backend.reference.HeapBuffer;

/**
 * The CPU's max pooling kernels ({@link PoolFamily}): one pass over each channel plane, planes spread over the pool.
 * The forward pass scans each window in (ky, kx) order, padding taps counting as {@code -inf}, and keeps the first
 * maximum (the first NaN if any), as the default composition's ARGMAX does; the backward pass zeroes the plane and
 * adds each output gradient at the position of its maximum. Values are compared in double (exact for FLOAT32).
 */
final class PoolKernels {
    private final WorkerPool pool;

    PoolKernels(WorkerPool pool) {
        this.pool = pool;
    }

    /** See {@link PoolFamily.MaxPool2d}. */
    /** Registers these kernels for the ops of {@link PoolFamily}. */
    void register(FusedKernels.Builder registry) {
        registry.register(PoolFamily.MAX_POOL2D, (be, a) -> maxPool(heap(a.input()), heap(a.output()),
                        heap(a.indices()), a.shape()))
                .register(PoolFamily.MAX_POOL2D_BACKWARD, (be, a) -> maxPoolBackward(heap(a.gradOutput()),
                        heap(a.indices()), heap(a.gradInput()), a.shape()));
    }

    private static HeapBuffer heap(Buffer b) {
        return (HeapBuffer) b;
    }

    void maxPool(HeapBuffer x, HeapBuffer y, HeapBuffer indices, ConvShape s) {
        int[] idx = indices.i;
        eachPlane(s, (in, out) -> {
            for (int i = 0; i < s.outH(); i++) {
                for (int j = 0; j < s.outW(); j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int bestTap = 0;
                    for (int ky = 0; ky < s.kernelH(); ky++) {
                        int iy = s.inputRow(i, ky);
                        for (int kx = 0; kx < s.kernelW(); kx++) {
                            int ix = s.inputCol(j, kx);
                            if (iy < 0 || iy >= s.height() || ix < 0 || ix >= s.width()) {
                                continue;
                            }
                            double v = x.get(in + iy * s.width() + ix);
                            if (v > best || (v != v && best == best)) {
                                best = v;
                                bestTap = ky * s.kernelW() + kx;
                            }
                        }
                    }
                    int o = out + i * s.outW() + j;
                    y.set(o, best);
                    idx[o] = bestTap;
                }
            }
        });
    }

    /** See {@link PoolFamily.MaxPool2dBackward}. */
    void maxPoolBackward(HeapBuffer gy, HeapBuffer indices, HeapBuffer gx, ConvShape s) {
        int[] idx = indices.i;
        eachPlane(s, (in, out) -> {
            for (int e = 0; e < s.inPlane(); e++) {
                gx.set(in + e, 0);
            }
            for (int i = 0; i < s.outH(); i++) {
                for (int j = 0; j < s.outW(); j++) {
                    int o = out + i * s.outW() + j;
                    int iy = s.inputRow(i, idx[o] / s.kernelW());
                    int ix = s.inputCol(j, idx[o] % s.kernelW());
                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                        int at = in + iy * s.width() + ix;
                        gx.set(at, gx.get(at) + gy.get(o));
                    }
                }
            }
        });
    }

    /** The body of one channel plane, given the offsets of its input and output planes. */
    private interface PlaneTask {
        void run(int inputOffset, int outputOffset);
    }

    /** Runs {@code task} for every (image, channel) plane, planes spread over the pool. */
    private void eachPlane(ConvShape s, PlaneTask task) {
        pool.parallelFor(s.batch() * s.inChannels(), 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                task.run(p * s.inPlane(), p * s.outPlane());
            }
        });
    }
}
