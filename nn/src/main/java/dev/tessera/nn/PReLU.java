package dev.tessera.nn;

import dev.tessera.Shape;
import dev.tessera.Tensor;

/**
 * Parametric ReLU {@code y = x > 0 ? x : a x} with a learnable slope {@code a} (PyTorch {@code nn.PReLU}): one
 * slope shared by every channel, or one per channel, channel being axis 1 of an input {@code [N, C, ...]}
 * (axis 0 of a 1-D input). Initial slope 0.25. The gradient is {@code g} where {@code x > 0}, else {@code a g}
 * for x and {@code x g} (summed) for a.
 */
public class PReLU extends Module {
    private final int numParameters;
    private final Tensor weight;

    /** One shared slope starting at 0.25. */
    public PReLU() {
        this(1, 0.25, TensorOptions.defaults());
    }

    /**
     * {@code numParameters} slopes (1 = shared, else the channel count), each starting at {@code init}.
     *
     * @throws IllegalArgumentException when numParameters is not positive
     */
    public PReLU(int numParameters, double init, TensorOptions options) {
        Require.atLeast("PReLU", "numParameters", numParameters, 1);
        this.numParameters = numParameters;
        this.weight = registerParameter("weight",
                Tensor.full(init, Shape.of(numParameters), options.dtype(), options.device()));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor slope = weight;
        if (numParameters > 1) {
            int channelAxis = input.rank() >= 2 ? 1 : 0;
            if (input.rank() == 0 || input.size(channelAxis) != numParameters) {
                throw new IllegalArgumentException("PReLU: input " + input.shape() + " has no channel axis of size "
                        + numParameters + " (expected [N, " + numParameters + ", ...])");
            }
            int[] dims = new int[input.rank() - channelAxis];
            java.util.Arrays.fill(dims, 1);
            dims[0] = numParameters;
            slope = weight.reshape(dims);
        }
        return Tensor.where(input.gt(0.0), input, input.mul(slope));
    }

    /** The slopes {@code [numParameters]} (the live parameter). */
    public Tensor weight() {
        return weight;
    }

    @Override
    protected String extraRepr() {
        return "numParameters=" + numParameters;
    }
}
