package dev.tessera.nn;

/**
 * The hyperparameters of a recurrent layer, with PyTorch's defaults: one layer, biases, time-first input, no
 * dropout, one direction, tanh (for {@link RNN}), parameters from {@link TensorOptions#defaults()}.
 */
public final class RecurrentOptions {
    final int inputSize;
    final int hiddenSize;
    int numLayers = 1;
    boolean bias = true;
    boolean batchFirst;
    double dropout;
    boolean bidirectional;
    boolean relu;
    TensorOptions options = TensorOptions.defaults();

    private RecurrentOptions(int inputSize, int hiddenSize) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
    }

    /** Options for a layer mapping {@code inputSize} features to a hidden state of {@code hiddenSize}. */
    public static RecurrentOptions of(int inputSize, int hiddenSize) {
        return new RecurrentOptions(inputSize, hiddenSize);
    }

    /** Stacked layers (default 1). */
    public RecurrentOptions numLayers(int n) {
        numLayers = n;
        return this;
    }

    /** Whether the layers have biases (default true). */
    public RecurrentOptions bias(boolean on) {
        bias = on;
        return this;
    }

    /** Input and output as {@code [B, T, F]} instead of {@code [T, B, F]} (default false). */
    public RecurrentOptions batchFirst(boolean on) {
        batchFirst = on;
        return this;
    }

    /**
     * Dropout probability on the outputs of every layer but the last, in training mode (default 0).
     *
     * @throws IllegalArgumentException when p is outside [0, 1)
     */
    public RecurrentOptions dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("recurrent dropout must be in [0, 1), got " + p);
        }
        dropout = p;
        return this;
    }

    /** Run each layer in both directions and concatenate the outputs (default false). */
    public RecurrentOptions bidirectional(boolean on) {
        bidirectional = on;
        return this;
    }

    /** For {@link RNN}: ReLU instead of tanh as the nonlinearity (default false). */
    public RecurrentOptions relu(boolean on) {
        relu = on;
        return this;
    }

    /** Device, dtype and generator of the parameters. */
    public RecurrentOptions options(TensorOptions o) {
        options = o;
        return this;
    }
}
