package dev.tessera.onnx;

import static dev.tessera.onnx.GraphBuilder.attribute;
import static dev.tessera.onnx.GraphBuilder.child;

import dev.tessera.Tensor;
import dev.tessera.nn.AdaptiveAvgPool2d;
import dev.tessera.nn.AvgPool2d;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.BatchNorm2d;
import dev.tessera.nn.Conv1d;
import dev.tessera.nn.Conv2d;
import dev.tessera.nn.ConvLayer;
import dev.tessera.nn.ConvTranspose2d;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Embedding;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.GRU;
import dev.tessera.nn.GroupNorm;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.LayerNorm;
import dev.tessera.nn.Linear;
import dev.tessera.nn.MaxPool2d;
import dev.tessera.nn.Module;
import dev.tessera.nn.MultiheadAttention;
import dev.tessera.nn.PReLU;
import dev.tessera.nn.RNN;
import dev.tessera.nn.Recurrent;
import dev.tessera.nn.Residual;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Softmax;
import dev.tessera.nn.Swish;
import dev.tessera.nn.TransformerEncoderLayer;
import dev.tessera.nn.UnaryActivation;
import dev.tessera.nn.Unflatten;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a module tree into graph nodes, module by module, with the semantics of evaluation mode:
 * <ul>
 * <li>{@link Sequential}: its layers in turn; {@link Residual}: {@code Add(block(x), skip(x))}, the skip being
 *     x or the projection;</li>
 * <li>{@link Linear}: {@code Gemm(x, W, b, transB=1)} on {@code [N, in]}, {@code MatMul(x, W^T) + b} on higher
 *     ranks;</li>
 * <li>{@link UnaryActivation} of this library: see {@link ActivationNodes}; {@link PReLU}: {@code PRelu} with the
 *     slopes shaped {@code [C, 1, ...]} to broadcast over axis 1; {@link Swish}: {@code x Sigmoid(beta x)} with its
 *     (learned) beta; {@link Softmax}: {@code Softmax(axis)};</li>
 * <li>{@link BatchNorm1d}, {@link BatchNorm2d}, {@link LayerNorm}, {@link GroupNorm}: see {@link NormNodes};</li>
 * <li>{@link Conv1d}, {@link Conv2d}, {@link ConvTranspose2d}, {@link MaxPool2d}, {@link AvgPool2d},
 *     {@link AdaptiveAvgPool2d}: see {@link ConvNodes};</li>
 * <li>{@link RNN}, {@link LSTM}, {@link GRU}: see {@link RecurrentNodes};</li>
 * <li>{@link MultiheadAttention}, {@link TransformerEncoderLayer}: see {@link AttentionNodes};</li>
 * <li>{@link Embedding}: {@code Gather(weight, indices)} on axis 0, for the INT32 graph input only;</li>
 * <li>{@link Dropout}: the identity (no node); {@link Flatten}: {@code Reshape} to the merged shape;
 *     {@link Unflatten}: {@code Reshape} to the split shape (not of the variable axis N).</li>
 * </ul>
 * Only these exact classes are translated: a subclass may override {@code forward}, so it is refused like any other
 * module, with an {@link UnsupportedModuleException}. Every module but {@code Embedding} (and the containers and
 * {@code Dropout} around it) needs FLOAT input.
 */
final class ModuleTranslator {
    /** The modules that may receive the INT32 graph input. */
    private static final Set<Class<?>> INDEX_READERS = Set.of(Sequential.class, Dropout.class, Embedding.class);

    private final GraphBuilder g;
    private final AttentionNodes attention;
    private final boolean causal;
    private final Map<Class<?>, Translation> table = new LinkedHashMap<>();

    /** The nodes of one module type. */
    private interface Translation {
        Value apply(Module m, String path, Value x);
    }

    /**
     * A translator appending to {@code g}; with {@code causal}, every self-attention masks the keys after the query
     * (as {@code forward(x, x, x, null, null, true, false)} computes).
     */
    ModuleTranslator(GraphBuilder g, boolean causal) {
        this.g = g;
        this.attention = new AttentionNodes(g, this);
        this.causal = causal;
        table.put(Sequential.class, (m, p, x) -> sequential((Sequential) m, p, x));
        table.put(Residual.class, this::residual);
        table.put(Linear.class, (m, p, x) -> linear((Linear) m, p, x));
        table.put(PReLU.class, (m, p, x) -> prelu((PReLU) m, p, x));
        table.put(Swish.class, (m, p, x) -> swish((Swish) m, p, x));
        table.put(Softmax.class, (m, p, x) -> new Value(g.node("Softmax", p, List.of(x.name()), attribute("axis",
                (long) axis(((Softmax) m).axis(), x, Softmax.class, p))), x.dims()));
        table.put(Dropout.class, (m, p, x) -> x);
        table.put(Flatten.class, (m, p, x) -> flatten((Flatten) m, p, x));
        table.put(Unflatten.class, (m, p, x) -> unflatten((Unflatten) m, p, x));
        table.put(BatchNorm1d.class, (m, p, x) -> NormNodes.batchNorm(g, p, (BatchNorm1d) m, x));
        table.put(BatchNorm2d.class, (m, p, x) -> NormNodes.batchNorm(g, p, (BatchNorm1d) m, x));
        table.put(LayerNorm.class, (m, p, x) -> NormNodes.layerNorm(g, p, (LayerNorm) m, x));
        table.put(GroupNorm.class, (m, p, x) -> NormNodes.groupNorm(g, p, (GroupNorm) m, x));
        table.put(Conv1d.class, (m, p, x) -> ConvNodes.conv(g, p, (ConvLayer) m, 1, x));
        table.put(Conv2d.class, (m, p, x) -> ConvNodes.conv(g, p, (ConvLayer) m, 2, x));
        table.put(ConvTranspose2d.class, (m, p, x) -> ConvNodes.convTranspose(g, p, (ConvTranspose2d) m, x));
        table.put(MaxPool2d.class, (m, p, x) -> ConvNodes.maxPool(g, p, (MaxPool2d) m, x));
        table.put(AvgPool2d.class, (m, p, x) -> ConvNodes.avgPool(g, p, (AvgPool2d) m, x));
        table.put(AdaptiveAvgPool2d.class, (m, p, x) -> ConvNodes.adaptiveAvgPool(g, p, (AdaptiveAvgPool2d) m, x));
        table.put(Embedding.class, (m, p, x) -> embedding((Embedding) m, p, x));
        for (Class<?> type : List.of(RNN.class, LSTM.class, GRU.class)) {
            table.put(type, (m, p, x) -> RecurrentNodes.recurrent(g, p, (Recurrent) m, x));
        }
        table.put(MultiheadAttention.class, (m, p, x) -> attention.attention((MultiheadAttention) m, p, x, causal));
        table.put(TransformerEncoderLayer.class,
                (m, p, x) -> attention.encoderLayer((TransformerEncoderLayer) m, p, x, causal));
    }

    /** Whether {@code m} reads INT32 indices: an {@link Embedding}, or a {@link Sequential} starting with one. */
    static boolean readsIndices(Module m) {
        if (m.getClass() == Sequential.class) {
            List<Module> layers = ((Sequential) m).layers();
            return !layers.isEmpty() && readsIndices(layers.get(0));
        }
        return m.getClass() == Embedding.class;
    }

    /**
     * Appends the nodes of {@code m} (at {@code path} in the model) applied to {@code x}; returns the output.
     *
     * @throws UnsupportedModuleException for a module without translation, or an input it does not accept
     */
    Value translate(Module m, String path, Value x) {
        Class<?> type = m.getClass();
        if (x.indices() && !INDEX_READERS.contains(type)) {
            throw new UnsupportedModuleException(type, path, "expected FLOAT input, got the INT32 indices "
                    + x.shapeText() + " (only an Embedding reads indices)");
        }
        if (m instanceof UnaryActivation a && type.getPackage() == UnaryActivation.class.getPackage()) {
            return new Value(ActivationNodes.emit(g, path, a.activation().primitive(), a.activation().parameter(),
                    x.name()), x.dims());
        }
        Translation t = table.get(type);
        if (t == null) {
            throw new UnsupportedModuleException(type, path, "no translation (supported: the activations of "
                    + "dev.tessera.nn, " + String.join(", ", table.keySet().stream().map(Class::getSimpleName)
                    .toList()) + ")");
        }
        return t.apply(m, path, x);
    }

    private Value sequential(Sequential s, String path, Value x) {
        Value v = x;
        List<Module> layers = s.layers();
        for (int i = 0; i < layers.size(); i++) {
            v = translate(layers.get(i), child(path, Integer.toString(i)), v);
        }
        return v;
    }

    private Value swish(Swish s, String path, Value x) {
        String beta = s.learnable() ? g.initializer(child(path, "beta"), s.namedParameters().get("beta"))
                : g.scalar(child(path, "beta"), s.beta());
        return new Value(ActivationNodes.swish(g, path, x.name(), beta), x.dims());
    }

    private Value embedding(Embedding e, String path, Value x) {
        if (!x.indices()) {
            throw new UnsupportedModuleException(Embedding.class, path, "expected the INT32 indices of the graph "
                    + "input, got FLOAT " + x.shapeText() + " (an Embedding must come first)");
        }
        long[] dims = Arrays.copyOf(x.dims(), x.rank() + 1);
        dims[x.rank()] = e.weight().size(1);
        return new Value(g.node("Gather", path, List.of(g.initializer(child(path, "weight"), e.weight()), x.name()),
                attribute("axis", 0L)), dims);
    }

    private Value unflatten(Unflatten u, String path, Value x) {
        int a = axis(u.axis(), x, Unflatten.class, path);
        int[] sizes = u.sizes();
        long product = Arrays.stream(sizes).asLongStream().reduce(1, (p, q) -> p * q);
        if (x.dims()[a] == Value.BATCH || product != x.dims()[a]) {
            throw new UnsupportedModuleException(Unflatten.class, path, "axis " + u.axis() + " of " + x.shapeText()
                    + " cannot be split into " + Arrays.toString(sizes) + (x.dims()[a] == Value.BATCH
                    ? " (it is the variable axis N)" : ""));
        }
        long[] out = new long[x.rank() - 1 + sizes.length];
        System.arraycopy(x.dims(), 0, out, 0, a);
        for (int i = 0; i < sizes.length; i++) {
            out[a + i] = sizes[i];
        }
        System.arraycopy(x.dims(), a + 1, out, a + sizes.length, x.rank() - a - 1);
        return g.reshape(path, x, out);
    }

    private Value residual(Module m, String path, Value x) {
        Value out = translate(m.children().get("block"), child(path, "block"), x);
        Module projection = m.children().get("projection");
        Value skip = projection == null ? x : translate(projection, child(path, "projection"), x);
        if (!Arrays.equals(out.dims(), skip.dims())) {
            throw new UnsupportedModuleException(m.getClass(), path, "block output " + out.shapeText()
                    + " does not match the skip " + skip.shapeText());
        }
        return new Value(g.node("Add", path, List.of(out.name(), skip.name())), out.dims());
    }

    private Value linear(Linear l, String path, Value x) {
        if (x.rank() < 2 || x.last() != l.inFeatures()) {
            throw new UnsupportedModuleException(Linear.class, path, "expected input [..., " + l.inFeatures()
                    + "], got " + x.shapeText());
        }
        long[] dims = x.dims();
        dims[dims.length - 1] = l.outFeatures();
        if (x.rank() == 2) {
            List<String> inputs = new ArrayList<>(List.of(x.name(), g.initializer(child(path, "weight"), l.weight())));
            if (l.bias() != null) {
                inputs.add(g.initializer(child(path, "bias"), l.bias()));
            }
            return new Value(g.node("Gemm", path, inputs, attribute("transB", 1L)), dims);
        }
        String wt = g.initializer(child(path, "weight_t"), l.weight().t().contiguous());
        String bias = l.bias() == null ? null : g.initializer(child(path, "bias"), l.bias());
        String y = g.node("MatMul", path, List.of(x.name(), wt));
        return new Value(bias == null ? y : g.node("Add", path, List.of(y, bias)), dims);
    }

    private Value prelu(PReLU p, String path, Value x) {
        Tensor w = p.weight();
        int c = Math.toIntExact(w.shape().numel());
        if (c > 1 && (x.rank() < 2 || x.dims()[1] != c)) {
            throw new UnsupportedModuleException(PReLU.class, path, "input " + x.shapeText() + " has no channel axis "
                    + "of size " + c + " (expected [N, " + c + ", ...])");
        }
        long[] slopeDims = new long[c > 1 ? x.rank() - 1 : 1];
        Arrays.fill(slopeDims, 1);
        slopeDims[0] = c;
        String slope = g.floats(child(path, "weight"), w.toFloatArray(), slopeDims);
        return new Value(g.node("PRelu", path, List.of(x.name(), slope)), x.dims());
    }

    private Value flatten(Flatten f, String path, Value x) {
        int start = axis(f.start(), x, Flatten.class, path);
        int end = axis(f.end(), x, Flatten.class, path);
        if (start > end) {
            throw new UnsupportedModuleException(Flatten.class, path, "start axis " + f.start() + " comes after end "
                    + "axis " + f.end() + " for input " + x.shapeText());
        }
        long[] out = new long[x.rank() - (end - start)];
        for (int i = 0, o = 0; i < x.rank(); i++) {
            if (i < start || i > end) {
                out[o++] = x.dims()[i];
            } else if (i == start) {
                long merged = 1;
                for (int j = start; j <= end; j++) {
                    merged = x.dims()[j] == Value.BATCH || merged == Value.BATCH ? Value.BATCH : merged * x.dims()[j];
                }
                out[o++] = merged;
            }
        }
        return g.reshape(path, x, out);
    }

    private static int axis(int axis, Value x, Class<?> type, String path) {
        int a = axis < 0 ? axis + x.rank() : axis;
        if (a < 0 || a >= x.rank()) {
            throw new UnsupportedModuleException(type, path, "axis " + axis + " is out of range for input "
                    + x.shapeText());
        }
        return a;
    }
}
