package dev.tessera.nn;

import static dev.tessera.nn.ModuleParity.ATOL;
import static dev.tessera.nn.ModuleParity.RTOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of attention.safetensors (scripts/fixtures/make_torch_attention_fixtures.py): MultiheadAttention
 * and TransformerEncoderLayer load PyTorch's state dicts, and outputs, attention weights and all gradients match
 * PyTorch in FLOAT64 to 1e-9, with padding, causal, additive and per-head masks.
 */
class AttentionParityTest {
    private static final TensorOptions OPTS = ModuleParity.float64(9);

    static Stream<String> cases() {
        return ModuleParity.cases("attention.safetensors");
    }

    private static Tensor optional(TorchFixture fx, String key) {
        return fx.names().contains(key) ? fx.tensor(key) : null;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        try (TorchFixture fx = TorchFixture.load("attention.safetensors")) {
            Map<String, String> c = fx.config(name);
            int e = Integer.parseInt(c.get("e"));
            int heads = Integer.parseInt(c.get("heads"));
            boolean batchFirst = Boolean.parseBoolean(c.get("batch_first"));
            boolean causal = Boolean.parseBoolean(c.get("causal"));
            Tensor padding = optional(fx, name + ".key_padding_mask");
            Module m;
            if (c.get("type").equals("MHA")) {
                MultiheadAttention mha = new MultiheadAttention(e, heads, 0.0, true, batchFirst, OPTS);
                m = mha;
                m.loadStateDict(fx.withPrefix(name + ".p."));
                Tensor q = fx.tensor(name + ".q").copy().requiresGrad(true);
                boolean self = Boolean.parseBoolean(c.get("self_attn"));
                Tensor k = self ? q : fx.tensor(name + ".k").copy().requiresGrad(true);
                Tensor v = self ? q : fx.tensor(name + ".v").copy().requiresGrad(true);
                AttentionOutput out = mha.forward(q, k, v, padding, optional(fx, name + ".attn_mask"), causal, true);
                fx.assertClose(name + ".y", out.output(), RTOL, ATOL);
                fx.assertClose(name + ".w", out.weights(), RTOL, ATOL);
                out.output().backward(fx.tensor(name + ".g"));
                fx.assertClose(name + ".dq", q.grad(), RTOL, ATOL);
                if (!self) {
                    fx.assertClose(name + ".dk", k.grad(), RTOL, ATOL);
                    fx.assertClose(name + ".dv", v.grad(), RTOL, ATOL);
                }
            } else {
                TransformerEncoderLayer enc = new TransformerEncoderLayer(e, heads, Integer.parseInt(c.get("ff")), 0.0,
                        Boolean.parseBoolean(c.get("gelu")), 1e-5, batchFirst,
                        Boolean.parseBoolean(c.get("norm_first")), OPTS);
                m = enc;
                m.loadStateDict(fx.withPrefix(name + ".p."));
                Tensor x = fx.tensor(name + ".x").copy().requiresGrad(true);
                Tensor y = enc.forward(x, null, padding, causal);
                fx.assertClose(name + ".y", y, RTOL, ATOL);
                y.backward(fx.tensor(name + ".g"));
                fx.assertClose(name + ".dx", x.grad(), RTOL, ATOL);
            }
            ModuleParity.assertParameterGradients(fx, name, m);
        }
    }

    @Test
    void scaledDotProductMatchesTheFormulaAndRejectsBadShapes() {
        Tensor q = Tensor.of(OPTS.device(), new double[]{1, 0, 0, 1}, 2, 2);
        Tensor k = Tensor.of(OPTS.device(), new double[]{1, 0, 0, 1, 1, 1}, 3, 2);
        Tensor v = Tensor.of(OPTS.device(), new double[]{1, 2, 3}, 3, 1);
        double s = 1 / Math.sqrt(2);
        double[] w0 = softmax(s, 0, s);
        double[] out = Attention.scaledDotProduct(q, k, v, null, true).toDoubleArray();
        assertEquals(1.0, out[0], 1e-12); // causal: query 0 sees key 0 only
        double[] w1 = softmax(0, s);
        assertEquals(w1[0] * 1 + w1[1] * 2, out[1], 1e-12);
        double[] full = Attention.scaledDotProduct(q, k, v, null, false).toDoubleArray();
        assertEquals(w0[0] + 2 * w0[1] + 3 * w0[2], full[0], 1e-12);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProduct(q,
                Tensor.zeros(Shape.of(3, 5), DType.FLOAT64, OPTS.device()), v, null, false)).getMessage()
                .contains("the same E"));
        Tensor badMask = Tensor.zeros(Shape.of(4, 4), DType.INT32, OPTS.device());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProduct(q, k, v, badMask,
                false)).getMessage().contains("does not broadcast"));
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0.0, true, false, OPTS);
        Tensor x = Tensor.zeros(Shape.of(3, 2, 5), DType.FLOAT64, OPTS.device());
        assertEquals("MultiheadAttention(4, heads=2): expected query [L, B, 4], got [3, 2, 5]",
                assertThrows(IllegalArgumentException.class, () -> mha.forward(x)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(6, 4));
    }

    private static double[] softmax(double... z) {
        double sum = 0;
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.exp(z[i]);
            sum += out[i];
        }
        for (int i = 0; i < z.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
