package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.backend.UnaryOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each public activation computes what the Tensor method of the same name computes, alone and fused in linear. */
class ActivationTest {
    private final Device d = Device.of("reference");
    private final Tensor x = Tensor.of(d, new double[]{-30, -2.5, -0.7, -1e-3, 0, 1e-3, 0.4, 1.9, 25}, 9);

    private static Map<Activation, UnaryOperator<Tensor>> cases() {
        Map<Activation, UnaryOperator<Tensor>> m = new LinkedHashMap<>();
        m.put(Activation.RELU, Tensor::relu);
        m.put(Activation.SIGMOID, Tensor::sigmoid);
        m.put(Activation.TANH, Tensor::tanh);
        m.put(Activation.GELU, Tensor::gelu);
        m.put(Activation.GELU_TANH, Tensor::geluTanh);
        m.put(Activation.SILU, Tensor::silu);
        m.put(Activation.MISH, Tensor::mish);
        m.put(Activation.SOFTPLUS, Tensor::softplus);
        m.put(Activation.leakyRelu(0.2), t -> t.leakyRelu(0.2));
        m.put(Activation.elu(1.5), t -> t.elu(1.5));
        m.put(Activation.swish(0.6), t -> t.swish(0.6));
        return m;
    }

    @Test
    void applyMatchesTheNamedTensorMethod() {
        for (Map.Entry<Activation, UnaryOperator<Tensor>> e : cases().entrySet()) {
            assertArrayEquals(e.getValue().apply(x).toDoubleArray(), x.apply(e.getKey()).toDoubleArray(), 0,
                    e.getKey().toString());
        }
    }

    @Test
    void linearFusesTheActivation() {
        Tensor in = x.reshape(3, 3);
        Tensor w = Tensor.of(d, new double[]{0.5, -1, 2, 0.1, 0.3, -0.7}, 2, 3);
        Tensor b = Tensor.of(d, new double[]{0.25, -0.5}, 2);
        for (Map.Entry<Activation, UnaryOperator<Tensor>> e : cases().entrySet()) {
            assertArrayEquals(e.getValue().apply(in.linear(w, b)).toDoubleArray(),
                    in.linear(w, b, e.getKey()).toDoubleArray(), 1e-12, e.getKey().toString());
        }
        assertArrayEquals(in.linear(w, b).toDoubleArray(), in.linear(w, b, (Activation) null).toDoubleArray(), 0,
                "null is the identity");
    }

    @Test
    void mapsToThePrimitiveWithItsParameter() {
        assertEquals(UnaryOp.LEAKY_RELU, Activation.leakyRelu(0.2).primitive());
        assertEquals(0.2, Activation.leakyRelu(0.2).parameter());
        assertEquals(UnaryOp.SILU, Activation.swish(0.6).primitive());
        assertEquals(20.0, Activation.SOFTPLUS.parameter(), "PyTorch's softplus threshold");
    }

    @Test
    void namesAndEquality() {
        assertEquals("relu", Activation.RELU.toString());
        assertEquals("leaky_relu(0.2)", Activation.leakyRelu(0.2).toString());
        assertEquals("leaky_relu", Activation.leakyRelu(0.2).name());
        assertEquals(Activation.elu(1.5), Activation.elu(1.5));
        assertEquals(Activation.elu(1.5).hashCode(), Activation.elu(1.5).hashCode());
        assertNotEquals(Activation.elu(1.5), Activation.elu(1.0));
        assertNotEquals(Activation.GELU, Activation.GELU_TANH);
    }

    @Test
    void rejectsNonFiniteParametersAndNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activation.leakyRelu(Double.NaN));
        assertEquals("leaky_relu: negativeSlope must be finite, got NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activation.elu(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Activation.swish(Double.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> x.apply((Activation) null));
    }
}
