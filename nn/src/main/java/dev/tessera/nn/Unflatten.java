package dev.tessera.nn;

import dev.tessera.Tensor;
import java.util.Arrays;

/** Splits axis {@code axis} into the sizes {@code sizes} (PyTorch {@code nn.Unflatten}); the inverse of Flatten. */
public class Unflatten extends Module {
    private final int axis;
    private final int[] sizes;

    /**
     * Splits {@code axis} (negative counts from the end) into {@code sizes}.
     *
     * @throws IllegalArgumentException when sizes is empty or holds a size below 1
     */
    public Unflatten(int axis, int... sizes) {
        if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("Unflatten: sizes must be one or more values >= 1, got "
                    + Arrays.toString(sizes));
        }
        this.axis = axis;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        int a = input.shape().normalizeAxis(axis, "Unflatten");
        long product = 1;
        for (int s : sizes) {
            product *= s;
        }
        if (product != input.size(a)) {
            throw new IllegalArgumentException("Unflatten: axis " + axis + " of " + input.shape() + " has size "
                    + input.size(a) + ", which " + Arrays.toString(sizes) + " does not multiply to");
        }
        int[] dims = input.shape().dims();
        int[] out = new int[dims.length - 1 + sizes.length];
        System.arraycopy(dims, 0, out, 0, a);
        System.arraycopy(sizes, 0, out, a, sizes.length);
        System.arraycopy(dims, a + 1, out, a + sizes.length, dims.length - a - 1);
        return input.reshape(out);
    }

    /** The axis split (negative counts from the end). */
    public int axis() {
        return axis;
    }

    /** The sizes the axis is split into. */
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    protected String extraRepr() {
        return "axis=" + axis + ", sizes=" + Arrays.toString(sizes);
    }
}
