package dev.tessera.cli;

import dev.tessera.Shape;
import dev.tessera.Sizes;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.Residual;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --model mlp:H1,H2,...}: a multi-layer perceptron with hidden layers of widths H1, H2, ... and a linear
 * output layer of one logit per class ({@code mlp:} alone is softmax regression). It takes flat features
 * {@code [F]}: images are flattened (row-major, channel first) before it. Each hidden layer is
 * {@code Linear -> [BatchNorm1d] -> activation -> [Dropout]}, optionally wrapped in a residual connection (with a
 * bias-free projection when its width differs from its input's).
 *
 * @param text   the value as given
 * @param hidden the hidden widths, in order
 */
record MlpSpec(String text, int[] hidden) implements ModelSpec {
    /**
     * Parses {@code mlp:H1,H2,...} (or {@code mlp:} / {@code mlp} for none).
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    static MlpSpec parse(String text) {
        String t = text.trim();
        String rest = t.length() > 3 ? t.substring(4).trim() : "";
        return new MlpSpec(t, rest.isEmpty() ? new int[0] : ModelSpec.positiveInts(rest, text, "width"));
    }

    /** Every example flattened: {@code [numel(example)]}. */
    @Override
    public Shape inputShape(Shape example, String dataName) {
        return Shape.of(Sizes.arrayLength("mlp input", example.numel()));
    }

    /** Every option applies to an MLP. */
    @Override
    public void checkOptions(TrainOptions o) {
    }

    @Override
    public Module build(Shape input, int classes, TrainOptions o, TensorOptions options) {
        checkFits(input, classes, Runtime.getRuntime().maxMemory());
        Sequential net = new Sequential();
        int in = Sizes.arrayLength("mlp input", input.numel());
        for (int width : hidden) {
            List<Module> layer = hiddenLayer(in, width, o, options);
            if (o.residual) {
                net.add(Residual.projected(new Sequential(layer.toArray(new Module[0])), in, width, options));
            } else {
                layer.forEach(net::add);
            }
            in = width;
        }
        net.add(new Linear(in, classes, true, options));
        return net;
    }

    /**
     * A hidden layer of {@code width} units taking {@code in} features, in order: linear, batch normalization (with
     * {@code --batchnorm}), the {@code --activation}, dropout (with {@code --dropout} above 0).
     */
    static List<Module> hiddenLayer(int in, int width, TrainOptions o, TensorOptions options) {
        List<Module> layer = new ArrayList<>();
        layer.add(new Linear(in, width, true, options));
        if (o.batchnorm) {
            layer.add(new BatchNorm1d(width, 1e-5, 0.1, true, true, options));
        }
        layer.add(Activations.create(o.activation, width, options));
        if (o.dropout > 0) {
            layer.add(new Dropout(o.dropout, options.generator().fork()));
        }
        return layer;
    }

    /** The weights and biases of the linear layers. */
    @Override
    public long parameters(Shape input, int classes) {
        long n = 0;
        long in = input.numel();
        for (int width : hidden) {
            n += in * width + width;
            in = width;
        }
        return n + in * classes + classes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpSpec m && text.equals(m.text) && Arrays.equals(hidden, m.hidden);
    }

    @Override
    public int hashCode() {
        return 31 * text.hashCode() + Arrays.hashCode(hidden);
    }

    @Override
    public String toString() {
        return text;
    }
}
