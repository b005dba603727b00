package dev.tessera.cli;

import dev.tessera.Shape;
import dev.tessera.nn.Module;
import dev.tessera.nn.TensorOptions;
import java.util.Locale;

/**
 * A {@code --model} value: {@code mlp:H1,H2,...}, a multi-layer perceptron on flat features ({@link MlpSpec}), or
 * {@code cnn:C1,C2,...[:fc=F]}, a convolutional network on images {@code [C, H, W]} ({@link CnnSpec}). A spec
 * decides which shape of example its network takes ({@link #inputShape}), builds the network for that shape, and
 * counts its convolution and linear parameters before anything is allocated, so a run folder's config.json (the
 * spec, the input shape and the class count) is enough to rebuild the network its weights belong to.
 */
sealed interface ModelSpec permits MlpSpec, CnnSpec {
    /** The accepted forms, for error messages. */
    String EXPECTED = "expected mlp:H1,H2,... with positive widths, e.g. mlp:128,64, or cnn:C1,C2,...[:fc=F] with "
            + "positive channel counts, e.g. cnn:32,64:fc=128";

    /**
     * Parses a {@code --model} value.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    static ModelSpec parse(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("cnn") || lower.startsWith("cnn:")) {
            return CnnSpec.parse(text);
        }
        if (lower.equals("mlp") || lower.startsWith("mlp:")) {
            return MlpSpec.parse(text);
        }
        throw new IllegalArgumentException("--model: unknown model '" + text + "' (" + EXPECTED + ")");
    }

    /** The value as given. */
    String text();

    /**
     * The shape of one example the network takes, for data named {@code dataName} whose examples have shape
     * {@code example} ({@code [F]} for a table, {@code [C, H, W]} for images): the data is reshaped to it.
     *
     * @throws IllegalArgumentException naming the model, the data and its shape, when the model cannot take it
     */
    Shape inputShape(Shape example, String dataName);

    /**
     * Checks the training options that shape the network ({@code --batchnorm}, {@code --dropout},
     * {@code --residual}) apply to this model.
     *
     * @throws IllegalArgumentException naming the option and the model
     */
    void checkOptions(TrainOptions o);

    /**
     * The network for examples of shape {@code input} (an {@link #inputShape}) and {@code classes} outputs, its
     * parameters created and initialized per {@code options} (device, dtype, generator: the same seed gives the
     * same weights on every device).
     */
    Module build(Shape input, int classes, TrainOptions o, TensorOptions options);

    /** The weights and biases of the network's convolution and linear layers for {@code input} and {@code classes}. */
    long parameters(Shape input, int classes);

    /**
     * Checks that the convolution and linear layers' FLOAT32 parameters fit in {@code heapBytes}, before anything
     * is allocated.
     *
     * @throws IllegalArgumentException naming the model, what it needs and what the JVM has
     */
    default void checkFits(Shape input, int classes, long heapBytes) {
        long n = parameters(input, classes);
        double bytes = 4.0 * n;
        if (bytes > heapBytes) {
            String what = input.rank() == 1 ? input.dim(0) + " features" : "input " + input;
            throw new IllegalArgumentException("model " + text() + " needs " + Main.gigabytes(bytes)
                    + " of parameters (" + n + " for " + what + " and " + classes + " classes); the JVM has "
                    + Main.gigabytes(heapBytes) + " (-Xmx; set TESSERA_JAVA_OPTS=-Xmx<size>)");
        }
    }

    /**
     * The comma-separated positive integers of {@code list}, a part of the value {@code text}; {@code what} names
     * one of them in messages ("width", "channel count").
     *
     * @throws IllegalArgumentException naming the bad entry, the value and the expected forms
     */
    static int[] positiveInts(String list, String text, String what) {
        String[] parts = list.split(",", -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--model: '" + parts[i].trim() + "' in '" + text + "' is not a "
                        + what + " (" + EXPECTED + ")", e);
            }
            if (values[i] < 1) {
                throw new IllegalArgumentException("--model: " + what + " " + values[i] + " in '" + text
                        + "' must be >= 1 (" + EXPECTED + ")");
            }
        }
        return values;
    }
}
