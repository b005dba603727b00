package dev.tessera.bench;

import dev.tessera.Convolutions;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.backend.fused.ConvShape;

/**
 * One forward and backward pass of a Conv2d layer (PyTorch {@code nn.Conv2d(C, OUT, K, padding=P)} with bias) on a
 * fixed random batch {@code [N, C, H, W]} that requires grad, in FLOAT32: the workload of the {@code conv2d}
 * benchmark. The pass computes y, then {@code y.backward(g)} for a fixed g, which yields the input, weight and bias
 * gradients; its flops are {@code 3 x 2 N OUT OH OW C KH KW} (forward, input gradient, weight gradient).
 */
public final class ConvWorkload implements AutoCloseable {
    private final ConvShape shape;
    private final Tensor x;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor gradOutput;

    /**
     * @param device  where to run
     * @param batch   N
     * @param in      C
     * @param size    H = W
     * @param out     OUT
     * @param kernel  KH = KW
     * @param padding P on every side (stride 1, dilation 1, groups 1)
     */
    public ConvWorkload(Device device, int batch, int in, int size, int out, int kernel, int padding) {
        shape = ConvShape.of(batch, in, size, size, out, kernel, kernel, 1, 1, padding, padding, 1, 1, 1);
        Generator g = new Generator(77);
        double bound = 1 / Math.sqrt((double) in * kernel * kernel);
        x = Tensor.normal(g, 0, 1, Shape.of(batch, in, size, size), DType.FLOAT32, device).requiresGrad(true);
        weight = Tensor.uniform(g, -bound, bound, Shape.of(out, in, kernel, kernel), DType.FLOAT32, device)
                .requiresGrad(true);
        bias = Tensor.uniform(g, -bound, bound, Shape.of(out), DType.FLOAT32, device).requiresGrad(true);
        gradOutput = Tensor.normal(g, 0, 1, Shape.of(batch, out, shape.outH(), shape.outW()), DType.FLOAT32, device);
    }

    /** The layer's sizes. */
    public ConvShape shape() {
        return shape;
    }

    /** Flops of one pass: {@code 3 x 2 N OUT OH OW C KH KW}. */
    public double flops() {
        return 3 * shape.forwardFlops();
    }

    /** Forward and backward, queued on the device (no host read); gradients are cleared first. */
    public void step() {
        try (Scope s = Scope.open()) {
            x.zeroGrad();
            weight.zeroGrad();
            bias.zeroGrad();
            Tensor y = Convolutions.conv2d(x, weight, shape).add(bias.reshape(1, shape.outChannels(), 1, 1));
            y.backward(gradOutput);
        }
    }

    @Override
    public void close() {
        for (Tensor t : new Tensor[]{x, weight, bias}) {
            t.zeroGrad();
            t.close();
        }
        gradOutput.close();
    }
}
