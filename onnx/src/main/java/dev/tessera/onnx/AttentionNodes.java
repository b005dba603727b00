package dev.tessera.onnx;

import static dev.tessera.onnx.GraphBuilder.child;

import dev.tessera.Activation;
import dev.tessera.Tensor;
import dev.tessera.nn.Module;
import dev.tessera.nn.MultiheadAttention;
import dev.tessera.nn.TransformerEncoderLayer;
import java.util.Arrays;
import java.util.List;

/**
 * The opset-17 decomposition of {@link MultiheadAttention} (self-attention, its {@code forward(x)}) and
 * {@link TransformerEncoderLayer} (likewise, evaluation mode) into {@code MatMul}, {@code Softmax} and shape nodes.
 * In batch-first layout {@code [B, L, E]} (a time-first input is transposed there and back), with H heads of size
 * {@code d = E / H}:
 * <pre>
 *   q = x W_q^T + b_q  -> Reshape [B, L, H, d] -> Transpose [B, H, L, d]     (k: [B, H, d, L], v as q)
 *   a = Softmax(q k / sqrt(d) [+ causal mask], axis -1) v -> Transpose [B, L, H, d] -> Reshape [B, L, E]
 *   y = out_proj(a)
 * </pre>
 * The causal mask, when asked for, is a constant {@code [L, L]} holding -inf where the key comes after the query
 * (so L must be a fixed size). The encoder layer adds the residuals, the layer norms ({@code LayerNormalization})
 * and the feed-forward network {@code linear2(act(linear1(x)))} in the order its {@code normFirst} selects; its
 * dropouts are the identity.
 */
final class AttentionNodes {
    private final GraphBuilder g;
    private final ModuleTranslator translator;

    /** Nodes appended to {@code g}, child modules translated by {@code translator}. */
    AttentionNodes(GraphBuilder g, ModuleTranslator translator) {
        this.g = g;
        this.translator = translator;
    }

    /** Self-attention of {@code m} over {@code x}, masking later keys when {@code causal}. */
    Value attention(MultiheadAttention m, String path, Value x, boolean causal) {
        int e = m.embedDim();
        int heads = m.heads();
        if (x.rank() != 3 || x.last() != e) {
            throw new UnsupportedModuleException(m.getClass(), path, "expected input " + (m.batchFirst() ? "[B, L, "
                    : "[L, B, ") + e + "], got " + x.shapeText());
        }
        Value xb = m.batchFirst() ? x : g.transpose(path, x, 1, 0, 2);
        long b = xb.dims()[0];
        long l = xb.dims()[1];
        int d = e / heads;
        Value q = g.transpose(path, g.reshape(path, project(m, path, xb, 0, "q"), b, l, heads, d), 0, 2, 1, 3);
        Value k = g.transpose(path, g.reshape(path, project(m, path, xb, 1, "k"), b, l, heads, d), 0, 2, 3, 1);
        Value v = g.transpose(path, g.reshape(path, project(m, path, xb, 2, "v"), b, l, heads, d), 0, 2, 1, 3);
        String scores = g.node("Mul", path, List.of(g.node("MatMul", path, List.of(q.name(), k.name())),
                g.scalar(child(path, "scale"), 1 / Math.sqrt(d))));
        if (causal) {
            scores = g.node("Add", path, List.of(scores, causalMask(m, path, l)));
        }
        String weights = g.node("Softmax", path, List.of(scores), GraphBuilder.attribute("axis", -1L));
        Value attended = new Value(g.node("MatMul", path, List.of(weights, v.name())), q.dims());
        Value merged = g.reshape(path, g.transpose(path, attended, 0, 2, 1, 3), b, l, e);
        Value out = translator.translate(m.outProj(), child(path, "out_proj"), merged);
        return m.batchFirst() ? out : g.transpose(path, out, 1, 0, 2);
    }

    /** The encoder block {@code m} over {@code x}, its self-attention causal when {@code causal}. */
    Value encoderLayer(TransformerEncoderLayer m, String path, Value x, boolean causal) {
        MultiheadAttention attn = (MultiheadAttention) m.children().get("self_attn");
        if (m.normFirst()) {
            Value a = attention(attn, child(path, "self_attn"), sublayer(m, path, "norm1", x), causal);
            Value h = add(path, x, a);
            return add(path, h, feedForward(m, path, sublayer(m, path, "norm2", h)));
        }
        Value h = sublayer(m, path, "norm1", add(path, x, attention(attn, child(path, "self_attn"), x, causal)));
        return sublayer(m, path, "norm2", add(path, h, feedForward(m, path, h)));
    }

    private Value feedForward(TransformerEncoderLayer m, String path, Value x) {
        Value hidden = sublayer(m, path, "linear1", x);
        Activation act = m.gelu() ? Activation.GELU : Activation.RELU;
        hidden = new Value(ActivationNodes.emit(g, child(path, "activation"), act.primitive(), act.parameter(),
                hidden.name()), hidden.dims());
        return sublayer(m, path, "linear2", hidden);
    }

    private Value sublayer(Module m, String path, String name, Value x) {
        return translator.translate(m.children().get(name), child(path, name), x);
    }

    private Value add(String path, Value a, Value b) {
        return new Value(g.node("Add", path, List.of(a.name(), b.name())), a.dims());
    }

    /** {@code x W^T + b} with rows {@code which E .. (which + 1) E} of the packed input projection. */
    private Value project(MultiheadAttention m, String path, Value x, int which, String name) {
        int e = m.embedDim();
        Tensor w = m.inProjWeight().slice(0, which * e, (which + 1) * e);
        String y = g.node("MatMul", path, List.of(x.name(), g.initializer(child(path, "in_proj_weight." + name + "_t"),
                w.t().contiguous())));
        if (m.inProjBias() != null) {
            Tensor bias = m.inProjBias().slice(0, which * e, (which + 1) * e);
            y = g.node("Add", path, List.of(y, g.initializer(child(path, "in_proj_bias." + name), bias)));
        }
        return new Value(y, x.dims());
    }

    /** The constant {@code [L, L]}: 0 where key s <= query l, -inf after. */
    private String causalMask(MultiheadAttention m, String path, long l) {
        if (l == Value.BATCH) {
            throw new UnsupportedModuleException(m.getClass(), path, "a causal mask needs a fixed sequence length, "
                    + "but the sequence axis is the model's variable axis N");
        }
        int n = (int) l;
        float[] mask = new float[n * n];
        for (int q = 0; q < n; q++) {
            Arrays.fill(mask, q * n + q + 1, (q + 1) * n, Float.NEGATIVE_INFINITY);
        }
        return g.floats(child(path, "causal_mask"), mask, n, n);
    }
}
