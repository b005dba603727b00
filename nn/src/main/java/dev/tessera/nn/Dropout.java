package dev.tessera.nn;

import dev.tessera.Generator;
import dev.tessera.Tensor;

/**
 * Inverted dropout (PyTorch {@code nn.Dropout}): in training mode each element is kept with probability
 * {@code 1 - p} and scaled by {@code 1 / (1 - p)}, else zeroed, so {@code E[y] = x}; in evaluation mode (or with
 * p = 0) the input itself is returned. Masks come from {@link Tensor#bernoulli} with this module's generator
 * (registered as {@code rng}, so checkpoints save and restore its position), hence the same seed gives the same
 * masks on every backend.
 */
public class Dropout extends Module {
    private final double p;

    /** Dropout with probability {@code p}, masks from a generator forked from the global one. */
    public Dropout(double p) {
        this(p, Generator.global().fork());
    }

    /**
     * Dropout with probability {@code p}, masks drawn from {@code generator}.
     *
     * @throws IllegalArgumentException when p is outside [0, 1)
     */
    public Dropout(double p, Generator generator) {
        Require.in("Dropout", "p", p, Require.Unit.CLOSED_OPEN);
        this.p = p;
        registerGenerator("rng", generator);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        Tensor mask = Tensor.bernoulli(generator("rng"), 1 - p, input.shape(), input.dtype(), input.device());
        mask.mulInPlace(1.0 / (1.0 - p));
        return input.mul(mask);
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
