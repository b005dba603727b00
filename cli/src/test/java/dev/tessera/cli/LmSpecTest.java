package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.TensorOptions;
import org.junit.jupiter.api.Test;

class LmSpecTest {
    private static final TensorOptions OPTIONS = new TensorOptions(Device.cpu(), DType.FLOAT32, new Generator(1));

    @Test
    void parsesTheThreeKinds() {
        LmSpec lstm = LmSpec.parse("LSTM:256");
        assertEquals("lstm", lstm.kind());
        assertArrayEquals(new int[]{256}, lstm.sizes());
        assertFalse(lstm.transformer());
        assertEquals("gru", LmSpec.parse(" gru: 64 ").kind());
        LmSpec t = LmSpec.parse("transformer:2,128,4");
        assertTrue(t.transformer());
        assertArrayEquals(new int[]{2, 128, 4}, t.sizes());
    }

    @Test
    void rejectsMalformedSpecsNamingTheValue() {
        assertTrue(message("mlp:32").startsWith("--model: unknown model 'mlp:32' (expected lstm:H"));
        assertTrue(message("lstm:0").startsWith("--model: size 0 in 'lstm:0' must be >= 1"));
        assertTrue(message("gru:x").startsWith("--model: 'x' in 'gru:x' is not a size"));
        assertTrue(message("transformer:2,128").startsWith("--model: 'transformer:2,128' needs 3 sizes after "
                + "'transformer:'"));
        assertTrue(message("transformer:2,100,3").startsWith("--model: 3 heads do not divide the width 100 in "
                + "'transformer:2,100,3'"));
    }

    private static String message(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> LmSpec.parse(spec)).getMessage();
    }

    @Test
    void modelsMapIndicesToLogitsPerPosition() {
        for (String spec : new String[]{"lstm:12", "gru:12", "transformer:2,8,2"}) {
            try (Scope s = Scope.open(); LanguageModel m = LmSpec.parse(spec).build(7, 5, 6, OPTIONS)) {
                Tensor logits = m.forward(Tensor.of(Device.cpu(), new int[]{1, 2, 3, 4, 5, 6, 0, 1, 2}, 3, 3));
                assertArrayEquals(new int[]{3, 3, 7}, logits.shape().dims(), spec);
            }
        }
    }

    @Test
    void positionsSeeOnlyThePast() {
        for (String spec : new String[]{"lstm:12", "transformer:2,8,2"}) {
            try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad();
                 LanguageModel m = LmSpec.parse(spec).build(7, 5, 6, OPTIONS)) {
                m.eval();
                float[] a = m.forward(Tensor.of(Device.cpu(), new int[]{1, 2, 3, 4}, 1, 4)).toFloatArray();
                float[] b = m.forward(Tensor.of(Device.cpu(), new int[]{1, 2, 6, 6}, 1, 4)).toFloatArray();
                for (int i = 0; i < 2 * 7; i++) {
                    assertEquals(a[i], b[i], 1e-6, spec + ": positions 0 and 1 must not see positions 2 and 3");
                }
            }
        }
    }

    @Test
    void contextFeedsAgreeWithTheWholeSequence() {
        for (String spec : new String[]{"lstm:12", "gru:12", "transformer:2,8,2"}) {
            try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad();
                 LanguageModel m = LmSpec.parse(spec).build(7, 5, 6, OPTIONS)) {
                m.eval();
                float[] whole = m.forward(Tensor.of(Device.cpu(), new int[]{1, 2, 3, 4}, 1, 4)).toFloatArray();
                try (LanguageModel.Context c = m.context()) {
                    c.feed(1, 2);
                    c.feed(3);
                    float[] next = c.feed(4);
                    for (int i = 0; i < 7; i++) {
                        assertEquals(whole[3 * 7 + i], next[i], 1e-5, spec);
                    }
                }
            }
        }
    }

    @Test
    void transformerRejectsSequencesLongerThanItsContext() {
        try (Scope s = Scope.open(); LanguageModel m = LmSpec.parse("transformer:1,8,2").build(7, 5, 3, OPTIONS)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.forward(Tensor.of(Device.cpu(), new int[]{1, 2, 3, 4}, 1, 4)));
            assertEquals("TransformerLanguageModel: expected indices [B, L] with L <= 3 (the context it was built for),"
                    + " got [1, 4]", e.getMessage());
        }
    }
}
