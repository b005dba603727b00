package dev.tessera.onnx;

import static dev.tessera.onnx.OrtCheck.assertAgrees;
import static dev.tessera.onnx.OrtCheck.input;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Tensor;
import dev.tessera.nn.Module;
import dev.tessera.nn.MultiheadAttention;
import dev.tessera.nn.TransformerEncoderLayer;
import dev.tessera.nn.TensorOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MultiheadAttention and TransformerEncoderLayer (layouts, biases, pre- and post-norm, causal masking) run in ONNX
 * Runtime and agree with Tessera's forward pass.
 */
class AttentionNodesTest {
    private static final TensorOptions OPTIONS = new TensorOptions(Device.defaultDevice(), DType.FLOAT32,
            new Generator(17));

    @Test
    void multiheadSelfAttentionInBothLayoutsWithAndWithoutBias() throws Exception {
        MultiheadAttention timeFirst = new MultiheadAttention(8, 2, 0.0, true, false, OPTIONS);
        OrtCheck.randomize(timeFirst.inProjBias(), 1);
        assertAgrees(timeFirst, input(2, 5, 3, 8));
        assertAgrees(new MultiheadAttention(8, 4, 0.2, true, true, OPTIONS), input(3, 3, 5, 8));
        assertAgrees(new MultiheadAttention(6, 3, 0.0, false, true, OPTIONS), input(4, 2, 4, 6));
    }

    @Test
    void causalSelfAttentionMasksLaterKeysWithAConstant() throws Exception {
        MultiheadAttention attn = new MultiheadAttention(8, 2, 0.0, true, true, OPTIONS);
        Tensor x = input(5, 3, 6, 8);
        assertAgrees(attn, x, causal(attn, 6, 8), t -> attn.forward(t, t, t, null, null, true, false).output());
    }

    @Test
    void encoderLayersPostAndPreNormReluAndGelu() throws Exception {
        assertAgrees(new TransformerEncoderLayer(8, 2, 16, 0.1, false, 1e-5, false, false, OPTIONS),
                input(6, 5, 3, 8));
        assertAgrees(new TransformerEncoderLayer(8, 4, 12, 0.0, true, 1e-4, true, true, OPTIONS), input(7, 3, 5, 8));
    }

    @Test
    void causalEncoderLayer() throws Exception {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.1, true, 1e-5, true, false, OPTIONS);
        assertAgrees(layer, input(8, 2, 7, 8), causal(layer, 7, 8), t -> layer.forward(t, null, null, true));
    }

    @Test
    void aCausalMaskNeedsAFixedSequenceLength() {
        MultiheadAttention timeFirst = new MultiheadAttention(8, 2, 0.0, true, false, OPTIONS);
        UnsupportedModuleException e = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(timeFirst, null, Map.of(), true, 3, 8));
        assertTrue(e.getMessage().contains(MultiheadAttention.class.getName())
                && e.getMessage().endsWith("a causal mask needs a fixed sequence length, but the sequence axis is "
                + "the model's variable axis N"), e.getMessage());
        UnsupportedModuleException width = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(timeFirst, 3, 6));
        assertTrue(width.getMessage().endsWith("expected input [L, B, 8], got [N, 3, 6]"), width.getMessage());
    }

    private static byte[] causal(Module m, int... featureShape) {
        return OnnxExporter.toModel(m, null, Map.of(), true, featureShape).toByteArray();
    }
}
