package dev.tessera.onnx;

import static dev.tessera.onnx.GraphBuilder.attribute;
import static dev.tessera.onnx.GraphBuilder.child;

import dev.tessera.Tensor;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.BatchNorm2d;
import dev.tessera.nn.GroupNorm;
import dev.tessera.nn.LayerNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The opset-17 nodes of the normalization layers in evaluation mode:
 * <ul>
 * <li>{@link BatchNorm1d} ({@code [N, C]}, {@code [N, C, L]}) and {@link BatchNorm2d} ({@code [N, C, H, W]}):
 *     {@code BatchNormalization} with the running statistics (gamma 1 and beta 0 when not affine); a layer without
 *     running statistics normalizes by batch statistics even in evaluation, which has no inference form, and is
 *     refused;</li>
 * <li>{@link LayerNorm}: {@code LayerNormalization} over the trailing axes ({@code axis = -k}), scale 1 when not
 *     affine;</li>
 * <li>{@link GroupNorm}: {@code Reshape} to {@code [N, G, -1]}, {@code InstanceNormalization} (scale 1, bias 0:
 *     each sample's group normalized by its own mean and biased variance), {@code Reshape} back, then the per-channel
 *     {@code Mul} by gamma and {@code Add} of beta when affine.</li>
 * </ul>
 */
final class NormNodes {
    private NormNodes() {
    }

    /** {@code BatchNormalization} of a {@link BatchNorm1d} or {@link BatchNorm2d}. */
    static Value batchNorm(GraphBuilder g, String path, BatchNorm1d bn, Value x) {
        if (bn.runningMean() == null) {
            throw new UnsupportedModuleException(bn.getClass(), path, "without running statistics it normalizes "
                    + "by the statistics of each batch even in evaluation mode, which has no inference form");
        }
        int c = Math.toIntExact(bn.runningMean().shape().numel());
        boolean images = bn instanceof BatchNorm2d;
        boolean rankFits = images ? x.rank() == 4 : x.rank() == 2 || x.rank() == 3;
        if (!rankFits || x.dims()[1] != c) {
            throw new UnsupportedModuleException(bn.getClass(), path, "expected input " + (images ? "[N, " + c
                    + ", H, W]" : "[N, " + c + "] or [N, " + c + ", L]") + ", got " + x.shapeText());
        }
        String scale = bn.weight() == null ? ones(g, child(path, "weight"), c) : g.initializer(child(path, "weight"),
                bn.weight());
        String shift = bn.bias() == null ? g.floats(child(path, "bias"), new float[c], c)
                : g.initializer(child(path, "bias"), bn.bias());
        String mean = g.initializer(child(path, "running_mean"), bn.runningMean());
        String var = g.initializer(child(path, "running_var"), bn.runningVar());
        return new Value(g.node("BatchNormalization", path, List.of(x.name(), scale, shift, mean, var),
                attribute("epsilon", bn.eps())), x.dims());
    }

    /** {@code LayerNormalization} of a {@link LayerNorm}. */
    static Value layerNorm(GraphBuilder g, String path, LayerNorm ln, Value x) {
        int[] normalized = ln.normalizedShape();
        int k = normalized.length;
        long[] dims = x.dims();
        boolean fits = x.rank() > k;
        for (int i = 0; fits && i < k; i++) {
            fits = dims[x.rank() - k + i] == normalized[i];
        }
        if (!fits) {
            throw new UnsupportedModuleException(LayerNorm.class, path, "expected input [N, ..., "
                    + Arrays.toString(normalized).replaceAll("[\\[\\]]", "") + "], got " + x.shapeText());
        }
        int n = Arrays.stream(normalized).reduce(1, (a, b) -> a * b);
        long[] shape = Arrays.stream(normalized).asLongStream().toArray();
        String scale = ln.weight() == null ? g.floats(child(path, "weight"), filled(n, 1f), shape)
                : g.initializer(child(path, "weight"), ln.weight());
        List<String> inputs = new ArrayList<>(List.of(x.name(), scale));
        if (ln.bias() != null) {
            inputs.add(g.initializer(child(path, "bias"), ln.bias()));
        }
        return new Value(g.node("LayerNormalization", path, inputs, attribute("axis", (long) -k),
                attribute("epsilon", ln.eps())), dims);
    }

    /** {@code Reshape}, {@code InstanceNormalization}, {@code Reshape} (and the affine map) of a {@link GroupNorm}. */
    static Value groupNorm(GraphBuilder g, String path, GroupNorm gn, Value x) {
        int groups = gn.groups();
        long[] dims = x.dims();
        long c = x.rank() >= 2 ? dims[1] : -1;
        boolean fixed = Arrays.stream(dims, 1, dims.length).noneMatch(d -> d == Value.BATCH);
        Tensor weight = gn.weight();
        if (x.rank() < 2 || !fixed || c % groups != 0 || (weight != null && c != weight.shape().numel())) {
            throw new UnsupportedModuleException(GroupNorm.class, path, "expected input [N, C, *] with C divisible "
                    + "by the " + groups + " groups" + (weight != null ? " and C = " + weight.shape().numel() : "")
                    + ", got " + x.shapeText());
        }
        long perGroup = Arrays.stream(dims, 1, dims.length).reduce(1, (a, b) -> a * b) / groups;
        Value grouped = g.reshape(child(path, "grouped"), x, Value.BATCH, groups, perGroup);
        String groupScale = ones(g, child(path, "group_scale"), groups);
        String groupBias = g.floats(child(path, "group_bias"), new float[groups], groups);
        String normalized = g.node("InstanceNormalization", path, List.of(grouped.name(), groupScale, groupBias),
                attribute("epsilon", gn.eps()));
        Value y = g.reshape(path, new Value(normalized, grouped.dims()), dims);
        if (weight == null) {
            return y;
        }
        long[] channelShape = new long[x.rank() - 1];
        Arrays.fill(channelShape, 1);
        channelShape[0] = c;
        String scaled = g.node("Mul", path, List.of(y.name(), g.floats(child(path, "weight"), weight.toFloatArray(),
                channelShape)));
        return new Value(g.node("Add", path, List.of(scaled, g.floats(child(path, "bias"), gn.bias().toFloatArray(),
                channelShape))), dims);
    }

    private static String ones(GraphBuilder g, String name, int n) {
        return g.floats(name, filled(n, 1f), n);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
