package dev.tessera.cli;

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
import java.util.Locale;

/**
 * A {@code --model} value, {@code mlp:H1,H2,...}: a multi-layer perceptron with hidden layers of widths H1, H2, ...
 * and a linear output layer of one logit per class ({@code mlp:} alone is softmax regression). Each hidden layer is
 * {@code Linear -> [BatchNorm1d] -> activation -> [Dropout]}, optionally wrapped in a residual connection (with a
 * bias-free projection when its width differs from its input's).
 *
 * @param text   the value as given
 * @param hidden the hidden widths, in order
 */
record ModelSpec(String text, int[] hidden) {
    private static final String EXPECTED = "expected mlp:H1,H2,... with positive widths, e.g. mlp:128,64";

    /**
     * Parses a {@code --model} value.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    static ModelSpec parse(String text) {
        String t = text.trim();
        if (!t.toLowerCase(Locale.ROOT).startsWith("mlp:") && !t.equalsIgnoreCase("mlp")) {
            throw new IllegalArgumentException("--model: unknown model '" + text + "' (" + EXPECTED + ")");
        }
        String rest = t.length() > 3 ? t.substring(4).trim() : "";
        if (rest.isEmpty()) {
            return new ModelSpec(t, new int[0]);
        }
        String[] parts = rest.split(",", -1);
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                widths[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--model: '" + parts[i].trim() + "' in '" + text
                        + "' is not a width (" + EXPECTED + ")", e);
            }
            if (widths[i] < 1) {
                throw new IllegalArgumentException("--model: width " + widths[i] + " in '" + text + "' must be >= 1 ("
                        + EXPECTED + ")");
            }
        }
        return new ModelSpec(t, widths);
    }

    /**
     * The network for {@code features} inputs and {@code classes} outputs, its parameters created and initialized
     * per {@code options} (device, dtype, generator: the same seed gives the same weights on every device).
     */
    Module build(int features, int classes, TrainOptions o, TensorOptions options) {
        checkFits(features, classes, Runtime.getRuntime().maxMemory());
        Sequential net = new Sequential();
        int in = features;
        for (int width : hidden) {
            List<Module> layer = new ArrayList<>();
            layer.add(new Linear(in, width, true, options));
            if (o.batchnorm) {
                layer.add(new BatchNorm1d(width, 1e-5, 0.1, true, true, options));
            }
            layer.add(Activations.create(o.activation, width, options));
            if (o.dropout > 0) {
                layer.add(new Dropout(o.dropout, options.generator().fork()));
            }
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

    /** The weights and biases of the network's linear layers for {@code features} inputs and {@code classes} outputs. */
    long linearParameters(int features, int classes) {
        long n = 0;
        long in = features;
        for (int width : hidden) {
            n += in * width + width;
            in = width;
        }
        return n + in * classes + classes;
    }

    /**
     * Checks that the linear layers' FLOAT32 parameters fit in {@code heapBytes}, before anything is allocated.
     *
     * @throws IllegalArgumentException naming the model, what it needs and what the JVM has
     */
    void checkFits(int features, int classes, long heapBytes) {
        double bytes = 4.0 * linearParameters(features, classes);
        if (bytes > heapBytes) {
            throw new IllegalArgumentException("model " + text + " needs " + Main.gigabytes(bytes) + " of parameters ("
                    + linearParameters(features, classes) + " for " + features + " features and " + classes
                    + " classes); the JVM has " + Main.gigabytes(heapBytes) + " (-Xmx; set TESSERA_JAVA_OPTS=-Xmx<size>)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && text.equals(m.text) && Arrays.equals(hidden, m.hidden);
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
