package dev.tessera.cli;

import dev.tessera.Shape;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.BatchNorm2d;
import dev.tessera.nn.Conv2d;
import dev.tessera.nn.ConvSpec;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.MaxPool2d;
import dev.tessera.nn.Module;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code --model cnn:C1,C2,...[:fc=F]}: a convolutional classifier of images {@code [C, H, W]}. One block per
 * channel count {@code Ck}: {@code Conv2d(in -> Ck, 3x3, padding 1) -> [BatchNorm2d] -> activation -> MaxPool2d(2)},
 * each block keeping the size through the convolution and halving height and width (rounding down) through the
 * pooling; then {@code Flatten -> Linear(Ck h w -> F) -> [BatchNorm1d] -> activation -> [Dropout] -> Linear(F ->
 * classes)}. {@code fc} defaults to {@value #DEFAULT_FC}; {@code fc=0} leaves out the hidden linear layer (then
 * {@code Flatten -> Linear(Ck h w -> classes)}, and {@code --dropout} has no layer to follow). Layers are
 * initialized as PyTorch's and named as in a PyTorch {@code nn.Sequential} of the same layers ({@code 0.weight},
 * {@code 0.bias}, {@code 3.weight}, ...), so {@code cnn:32,64} on Fashion-MNIST is
 * <pre>
 *   Conv2d(1->32) ReLU MaxPool2d(2)  Conv2d(32->64) ReLU MaxPool2d(2)  Flatten  Linear(3136->128) ReLU  Linear(128->10)
 * </pre>
 *
 * @param text     the value as given
 * @param channels the output channels of the convolution blocks, in order (at least one)
 * @param fc       the width of the hidden linear layer, 0 for none
 */
record CnnSpec(String text, int[] channels, int fc) implements ModelSpec {
    /** The hidden linear layer's width when the value names none. */
    static final int DEFAULT_FC = 128;

    /**
     * Parses {@code cnn:C1,C2,...[:fc=F]}.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    static CnnSpec parse(String text) {
        String t = text.trim();
        String rest = t.length() > 3 ? t.substring(4).trim() : "";
        int colon = rest.indexOf(':');
        String list = colon < 0 ? rest : rest.substring(0, colon).trim();
        if (list.isEmpty()) {
            throw new IllegalArgumentException("--model: '" + text + "' names no convolution block (" + EXPECTED
                    + ")");
        }
        int[] channels = ModelSpec.positiveInts(list, text, "channel count");
        int fc = DEFAULT_FC;
        if (colon >= 0) {
            String option = rest.substring(colon + 1).trim();
            if (!option.toLowerCase(Locale.ROOT).startsWith("fc=")) {
                throw new IllegalArgumentException("--model: '" + option + "' in '" + text + "' is not fc=F ("
                        + EXPECTED + ")");
            }
            String width = option.substring(3).trim();
            try {
                fc = Integer.parseInt(width);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--model: fc '" + width + "' in '" + text + "' is not a width (" 
                        + EXPECTED + ")", e);
            }
            if (fc < 0) {
                throw new IllegalArgumentException("--model: fc=" + fc + " in '" + text + "' must be >= 0 (0: no "
                        + "hidden linear layer)");
            }
        }
        return new CnnSpec(t, channels, fc);
    }

    /**
     * The images as they are: {@code example} itself.
     *
     * @throws IllegalArgumentException when the examples are not images {@code [C, H, W]}, or too small for the
     *                                  pooling blocks (each needs a height and width of at least 2 before it)
     */
    @Override
    public Shape inputShape(Shape example, String dataName) {
        if (example.rank() != 3) {
            String dims = Arrays.toString(example.dims());
            throw new IllegalArgumentException("--model cnn needs image data [N, C, H, W]; " + dataName + " has [N, "
                    + dims.substring(1, dims.length() - 1) + "]");
        }
        int h = example.dim(1);
        int w = example.dim(2);
        int fit = 0;
        for (int side = Math.min(h, w); side >= 2; side /= 2) {
            fit++;
        }
        if (channels.length > fit) {
            throw new IllegalArgumentException("--model " + text + " has " + channels.length + " pooling blocks, but "
                    + "the " + h + "x" + w + " images of " + dataName + " have room for " + fit + " (each block halves "
                    + "height and width, rounding down, and needs both >= 2)");
        }
        return example;
    }

    /**
     * {@code --residual} does not apply; {@code --dropout} needs the hidden linear layer.
     *
     * @throws IllegalArgumentException naming the option
     */
    @Override
    public void checkOptions(TrainOptions o) {
        if (o.residual) {
            throw new IllegalArgumentException("--residual applies to mlp models; --model " + text + " has no "
                    + "residual form");
        }
        if (o.dropout > 0 && fc == 0) {
            throw new IllegalArgumentException("--dropout follows the hidden linear layer of a cnn model; --model "
                    + text + " has none (give :fc=F with F > 0)");
        }
    }

    @Override
    public Module build(Shape input, int classes, TrainOptions o, TensorOptions options) {
        checkOptions(o);
        checkFits(input, classes, Runtime.getRuntime().maxMemory());
        Sequential net = new Sequential();
        int in = input.dim(0);
        for (int c : channels) {
            net.add(new Conv2d(ConvSpec.builder(in, c, 3).padding(1).options(options)));
            if (o.batchnorm) {
                net.add(new BatchNorm2d(c, 1e-5, 0.1, true, true, options));
            }
            net.add(Activations.create(o.activation, c, options));
            net.add(new MaxPool2d(2));
            in = c;
        }
        net.add(new Flatten());
        int flat = flattened(input);
        if (fc == 0) {
            net.add(new Linear(flat, classes, true, options));
            return net;
        }
        MlpSpec.hiddenLayer(flat, fc, o, options).forEach(net::add);
        net.add(new Linear(fc, classes, true, options));
        return net;
    }

    /** The features after the last block: last channel count times the pooled height and width. */
    private int flattened(Shape input) {
        int h = input.dim(1) >> channels.length;
        int w = input.dim(2) >> channels.length;
        return channels[channels.length - 1] * h * w;
    }

    /** The convolution kernels and biases, then those of the linear layers. */
    @Override
    public long parameters(Shape input, int classes) {
        long n = 0;
        long in = input.dim(0);
        for (int c : channels) {
            n += in * c * 9 + c;
            in = c;
        }
        long flat = flattened(input);
        return fc == 0 ? n + flat * classes + classes : n + flat * fc + fc + (long) fc * classes + classes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CnnSpec m && text.equals(m.text) && Arrays.equals(channels, m.channels) && fc == m.fc;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * text.hashCode() + Arrays.hashCode(channels)) + fc;
    }

    @Override
    public String toString() {
        return text;
    }
}
