package dev.tessera.opencl;

import dev.tessera.backend.fused.ConvShape;
import dev.tessera.opencl.ProgramCache.Family;

/**
 * Launchers of conv.cl, the direct convolution kernels of {@link dev.tessera.backend.fused.ConvFamily}: one work
 * item per element written (output, input gradient or weight gradient), the sizes passed as one
 * {@code conv_shape} struct.
 */
final class ConvOps {
    private final ClContext cx;

    ConvOps(ClContext cx) {
        this.cx = cx;
    }

    /** See {@link dev.tessera.backend.fused.ConvFamily.Conv2d}. */
    void forward(ClBuffer x, ClBuffer w, ClBuffer y, ConvShape s) {
        cx.launch1d(cx.kernel(Family.CONV, y.dtype(), "conv2d_forward"), s.outputNumel(), x, w, y, struct(s));
    }

    /** See {@link dev.tessera.backend.fused.ConvFamily.Conv2dBackwardInput}. */
    void backwardInput(ClBuffer gy, ClBuffer w, ClBuffer gx, ConvShape s) {
        cx.launch1d(cx.kernel(Family.CONV, gx.dtype(), "conv2d_backward_input"), s.inputNumel(), gy, w, gx,
                struct(s));
    }

    /** See {@link dev.tessera.backend.fused.ConvFamily.Conv2dBackwardWeight}. */
    void backwardWeight(ClBuffer x, ClBuffer gy, ClBuffer gw, ConvShape s) {
        cx.launch1d(cx.kernel(Family.CONV, gw.dtype(), "conv2d_backward_weight"), s.weightNumel(), x, gy, gw,
                struct(s));
    }

    /** The {@code conv_shape} struct of conv.cl, field for field. */
    static int[] struct(ConvShape s) {
        return new int[]{s.batch(), s.inChannels(), s.height(), s.width(), s.outChannels(), s.kernelH(), s.kernelW(),
            s.outH(), s.outW(), s.strideH(), s.strideW(), s.padH(), s.padW(), s.dilationH(), s.dilationW(),
            s.groups()};
    }
}
