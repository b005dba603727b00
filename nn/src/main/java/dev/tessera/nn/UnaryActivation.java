package dev.tessera.nn;

import dev.tessera.Activation;
import dev.tessera.Tensor;

/**
 * A module that applies one {@link Activation} elementwise, {@code y = f(x)} (see {@link Activation} for each
 * definition). It has no parameters, behaves the same in train and eval mode, and {@link Sequential} fuses it into a
 * preceding {@link Linear}.
 */
public class UnaryActivation extends Module {
    private final Activation activation;
    private final String parameterName;

    /**
     * The module applying {@code activation}.
     *
     * @throws IllegalArgumentException when {@code activation} is null
     */
    public UnaryActivation(Activation activation) {
        this(activation, null);
    }

    /**
     * The module applying {@code activation}, whose {@link Activation#parameter()} is printed as
     * {@code parameterName=value} (null: not printed).
     */
    UnaryActivation(Activation activation, String parameterName) {
        if (activation == null) {
            throw new IllegalArgumentException("UnaryActivation: activation is null");
        }
        this.activation = activation;
        this.parameterName = parameterName;
    }

    /** {@code f(x)} elementwise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.apply(activation);
    }

    /** The function applied. */
    public Activation activation() {
        return activation;
    }

    @Override
    protected String extraRepr() {
        return parameterName == null ? "" : parameterName + "=" + activation.parameter();
    }

    /** Whether the module is exactly {@code op(x; alpha)}, so {@link Sequential} may fuse it into a Linear. */
    boolean fusable() {
        return true;
    }
}
