package dev.tessera.nn;

import static dev.tessera.nn.ModuleParity.ATOL;
import static dev.tessera.nn.ModuleParity.RTOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * Every case of recurrent.safetensors (scripts/fixtures/make_torch_recurrent_fixtures.py): PyTorch's state dict
 * loads under the same names, and outputs, final states and the gradients of x, the initial states and every
 * parameter match PyTorch in FLOAT64 to 1e-9, including packed variable-length batches.
 */
class RecurrentParityTest {
    private static final TensorOptions OPTS = ModuleParity.float64(5);

    static Stream<String> cases() {
        return ModuleParity.cases("recurrent.safetensors");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        try (TorchFixture fx = TorchFixture.load("recurrent.safetensors")) {
            Recurrent m = ModuleParity.loaded(fx, name, RecurrentParityTest::build);
            Tensor x = fx.tensor(name + ".x").copy().requiresGrad(true);
            Tensor h0 = fx.names().contains(name + ".h0") ? fx.tensor(name + ".h0").copy().requiresGrad(true) : null;
            Tensor c0 = fx.names().contains(name + ".c0") ? fx.tensor(name + ".c0").copy().requiresGrad(true) : null;
            int[] lengths = fx.names().contains(name + ".lengths") ? fx.tensor(name + ".lengths").toIntArray() : null;
            RecurrentState s = m.forward(x, h0, c0, lengths);
            fx.assertClose(name + ".y", s.output(), RTOL, ATOL);
            fx.assertClose(name + ".hn", s.hidden(), RTOL, ATOL);
            Tensor loss = s.output().mul(fx.tensor(name + ".gy")).sum()
                    .add(s.hidden().mul(fx.tensor(name + ".ghn")).sum());
            if (m instanceof LSTM) {
                fx.assertClose(name + ".cn", s.cell(), RTOL, ATOL);
                loss = loss.add(s.cell().mul(fx.tensor(name + ".gcn")).sum());
            } else {
                assertNull(s.cell());
            }
            loss.backward();
            fx.assertClose(name + ".dx", x.grad(), RTOL, ATOL);
            if (h0 != null) {
                fx.assertClose(name + ".dh0", h0.grad(), RTOL, ATOL);
            }
            if (c0 != null) {
                fx.assertClose(name + ".dc0", c0.grad(), RTOL, ATOL);
            }
            ModuleParity.assertParameterGradients(fx, name, m);
        }
    }

    private static Recurrent build(Map<String, String> c) {
        RecurrentOptions o = RecurrentOptions.of(Integer.parseInt(c.get("inp")), Integer.parseInt(c.get("hidden")))
                .numLayers(Integer.parseInt(c.get("layers"))).bidirectional(Boolean.parseBoolean(c.get("bidirectional")))
                .batchFirst(Boolean.parseBoolean(c.get("batch_first"))).bias(Boolean.parseBoolean(c.get("bias")))
                .relu(Boolean.parseBoolean(c.get("relu"))).options(OPTS);
        return switch (c.get("type")) {
            case "RNN" -> new RNN(o);
            case "LSTM" -> new LSTM(o);
            default -> new GRU(o);
        };
    }

    @Test
    void rejectsWrongShapesAndLengths() {
        LSTM lstm = new LSTM(RecurrentOptions.of(3, 4).options(OPTS));
        Tensor wrong = Tensor.zeros(Shape.of(5, 2, 7), DType.FLOAT64, OPTS.device());
        assertEquals("LSTM(3->4): expected input [T, B, 3] or [T, 3], got [5, 2, 7]",
                assertThrows(IllegalArgumentException.class, () -> lstm.forward(wrong)).getMessage());
        Tensor x = Tensor.zeros(Shape.of(5, 2, 3), DType.FLOAT64, OPTS.device());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, null, null, new int[]{5, 6}))
                .getMessage().contains("sequence length 6 is out of range [1, 5]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, null, null, new int[]{5}))
                .getMessage().contains("got 1 lengths for a batch of 2"));
        Tensor badState = Tensor.zeros(Shape.of(2, 2, 4), DType.FLOAT64, OPTS.device());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, badState, null, null))
                .getMessage().contains("expected h0 [1, 2, 4]"));
        GRU gru = new GRU(RecurrentOptions.of(3, 4).options(OPTS));
        Tensor h = Tensor.zeros(Shape.of(1, 2, 4), DType.FLOAT64, OPTS.device());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> gru.forward(x, h, h, null))
                .getMessage().contains("has no cell state"));
    }
}
