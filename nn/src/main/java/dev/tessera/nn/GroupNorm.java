package dev.tessera.nn;

import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.Arrays;

/**
 * Group normalization (PyTorch {@code nn.GroupNorm}): the C channels of {@code [N, C, *]} are split into G groups
 * of C/G; each sample's group is normalized by its own mean and biased variance over the group's channels and all
 * spatial positions, {@code y = (x - mu) / sqrt(var + eps)}, then scaled and shifted per channel by gamma
 * ({@code weight}, ones) and beta ({@code bias}, zeros) when affine. The same in training and evaluation.
 */
public class GroupNorm extends Normalization {
    private final int groups;
    private final int channels;

    /** PyTorch's defaults: eps 1e-5, affine, on the default device. */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true, TensorOptions.defaults());
    }

    /**
     * A group norm.
     *
     * @throws IllegalArgumentException when the groups do not divide the channels or eps is not positive
     */
    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine, TensorOptions options) {
        super("GroupNorm", eps, Shape.of(checkGroups(numGroups, numChannels)), affine, affine, options);
        this.groups = numGroups;
        this.channels = numChannels;
    }

    private static int checkGroups(int numGroups, int numChannels) {
        if (numGroups < 1 || numChannels < 1 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: numGroups=" + numGroups + " must be >= 1 and divide "
                    + "numChannels=" + numChannels);
        }
        return numChannels;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() < 2 || input.size(1) != channels) {
            throw new IllegalArgumentException("GroupNorm(" + groups + ", " + channels + "): expected input [N, "
                    + channels + ", *], got " + input.shape());
        }
        int n = input.size(0);
        Tensor grouped = input.reshape(n, groups, -1);
        Tensor y = standardize(grouped, new int[]{2}).reshape(input.shape().dims());
        if (weight() == null) {
            return y;
        }
        int[] channelShape = new int[input.rank() - 1];
        Arrays.fill(channelShape, 1);
        channelShape[0] = channels;
        return y.mul(weight().reshape(channelShape)).add(bias().reshape(channelShape));
    }

    /** The number of groups G. */
    public int groups() {
        return groups;
    }

    @Override
    protected String extraRepr() {
        return groups + ", " + channels + ", eps=" + eps() + ", affine=" + (weight() != null);
    }
}
