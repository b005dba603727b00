package dev.tessera.cuda;

import dev.tessera.ConvShape;
import dev.tessera.backend.fused.ConvFamily.Conv2d;
import dev.tessera.backend.fused.ConvFamily.Conv2dBackwardInput;
import dev.tessera.backend.fused.ConvFamily.Conv2dBackwardWeight;

/**
 * The CUDA kernels of the convolution fused ops (conv.cu): the forward pass and the input gradient with one thread
 * per element written, the weight gradient with one block row per weight element reducing its N OH OW products.
 */
final class ConvOps {
    private final Stream stream;

    ConvOps(Stream stream) {
        this.stream = stream;
    }

    /** See {@link Conv2d}. */
    void forward(Conv2d a) {
        DescriptorArgs.write(stream.args(), a);
        stream.launch(DTypes.kernel("conv2d_forward", a.output().dtype()),
                LaunchConfig.linear(a.shape().outputNumel(), stream.multiprocessors()));
    }

    /** See {@link Conv2dBackwardInput}. */
    void backwardInput(Conv2dBackwardInput a) {
        DescriptorArgs.write(stream.args(), a);
        stream.launch(DTypes.kernel("conv2d_backward_input", a.gradInput().dtype()),
                LaunchConfig.linear(a.shape().inputNumel(), stream.multiprocessors()));
    }

    /** See {@link Conv2dBackwardWeight}. */
    void backwardWeight(Conv2dBackwardWeight a) {
        ConvShape s = a.shape();
        DescriptorArgs.write(stream.args(), a);
        stream.launch(DTypes.kernel("conv2d_backward_weight", a.gradWeight().dtype()),
                LaunchConfig.rows(s.weightNumel(), (long) s.batch() * s.outPlane()));
    }
}
