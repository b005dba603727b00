package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Module naming, modes, state dicts, registration rules and lifetime. */
class ModuleTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT32, new Generator(1));

    /** A model holding a Sequential under the name "layers", like a typical user model. */
    static final class Net extends Module {
        final Sequential layers;

        Net(TensorOptions o) {
            layers = registerModule("layers", new Sequential(new Linear(4, 8, true, o), new ReLU(),
                    new Dropout(0.5, new Generator(2)), new BatchNorm1d(8, 1e-5, 0.1, true, true, o),
                    new Linear(8, 3, false, o)));
        }

        @Override
        public Tensor forward(Tensor input) {
            return layers.forward(input);
        }
    }

    @Test
    void hierarchicalNamesMatchPyTorchConventions() {
        Net net = new Net(opts);
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias",
                "layers.4.weight"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias",
                "layers.3.running_mean", "layers.3.running_var", "layers.3.num_batches_tracked", "layers.4.weight"),
                List.copyOf(net.stateDict().keySet()));
        assertEquals(List.of("layers.2.rng"), List.copyOf(net.namedGenerators().keySet()));
        assertEquals(4 * 8 + 8 + 8 + 8 + 8 * 3, net.parameterCount());
        assertTrue(net.toString().contains("(0): Linear(in=4, out=8, bias=true)"), net.toString());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Net net = new Net(opts);
        net.eval();
        for (Module m : net.layers.layers()) {
            assertFalse(m.isTraining());
        }
        net.train();
        assertTrue(net.layers.layers().get(2).isTraining());
    }

    @Test
    void parametersCreatedInsideAScopeSurviveIt() {
        Net net;
        try (Scope s = Scope.open()) {
            net = new Net(opts);
        }
        Tensor x = Tensor.ones(Shape.of(2, 4), DType.FLOAT32, TorchFixture.DEVICE);
        assertEquals(Shape.of(2, 3), net.forward(x).shape());
    }

    @Test
    void loadStateDictCopiesValuesAndChecksKeysAndShapes() {
        Net a = new Net(opts);
        Net b = new Net(opts.seeded(77));
        b.loadStateDict(a.stateDict());
        for (String k : a.stateDict().keySet()) {
            assertArrayEquals(a.stateDict().get(k).toDoubleArray(), b.stateDict().get(k).toDoubleArray(), k);
        }
        Map<String, Tensor> partial = new java.util.LinkedHashMap<>(a.stateDict());
        partial.remove("layers.4.weight");
        partial.put("layers.9.weight", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(partial));
        assertEquals("loadStateDict: keys do not match Net (missing: [layers.4.weight], unexpected: "
                + "[layers.9.weight])", e.getMessage());
        Map<String, Tensor> wrongShape = new java.util.LinkedHashMap<>(a.stateDict());
        wrongShape.put("layers.4.weight", Tensor.zeros(Shape.of(2, 8), DType.FLOAT32, TorchFixture.DEVICE));
        assertEquals("loadStateDict: 'layers.4.weight' has shape [2, 8] but the module expects [3, 8]",
                assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(wrongShape)).getMessage());
        Net c = new Net(opts.seeded(78));
        double[] first = c.stateDict().get("layers.0.weight").toDoubleArray();
        assertThrows(IllegalArgumentException.class, () -> c.checkStateDict(wrongShape));
        assertThrows(IllegalArgumentException.class, () -> c.loadStateDict(wrongShape));
        assertArrayEquals(first, c.stateDict().get("layers.0.weight").toDoubleArray(), 0.0,
                "a refused state dict writes nothing, not even the keys before the bad one");
    }

    @Test
    void registrationRejectsBadNames() {
        Module m = new Module() {
            {
                registerParameter("w", Tensor.zeros(Shape.of(2), DType.FLOAT32, TorchFixture.DEVICE));
                assertThrows(IllegalArgumentException.class,
                        () -> registerBuffer("w", Tensor.zeros(Shape.of(2), DType.FLOAT32, TorchFixture.DEVICE)));
                assertThrows(IllegalArgumentException.class,
                        () -> registerModule("a.b", new ReLU()));
                assertThrows(IllegalArgumentException.class, () -> registerParameter("i",
                        Tensor.zeros(Shape.of(2), DType.INT32, TorchFixture.DEVICE)));
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        assertTrue(m.namedParameters().get("w").requiresGrad());
    }

    @Test
    void closeReleasesParametersAndGradients() {
        Linear l = new Linear(3, 2, true, opts);
        l.forward(Tensor.ones(Shape.of(1, 3), DType.FLOAT32, TorchFixture.DEVICE)).sum().backward();
        Tensor grad = l.weight().grad();
        l.close();
        assertTrue(l.weight().isClosed());
        assertTrue(grad.isClosed());
    }

    /** A gated sum {@code sigmoid(g) * a + b}: three inputs, as attention and recurrent state need. */
    private static final class Gate extends Module {
        @Override
        public Tensor forward(Tensor input) {
            throw new IllegalArgumentException("Gate.forward: takes three inputs (a, b, gate), got one");
        }

        @Override
        public Tensor forward(Tensor... inputs) {
            return inputs[2].sigmoid().mul(inputs[0]).add(inputs[1]);
        }
    }

    @Test
    void modulesMayTakeSeveralInputs() {
        Tensor a = Tensor.of(TorchFixture.DEVICE, new double[]{1, 2}, 2);
        Tensor b = Tensor.of(TorchFixture.DEVICE, new double[]{10, 20}, 2);
        Tensor g = Tensor.of(TorchFixture.DEVICE, new double[]{0, 0}, 2);
        Module gate = new Gate();
        assertArrayEquals(new double[]{10.5, 21}, gate.forward(a, b, g).toDoubleArray(), 1e-15);

        Module linear = new Linear(2, 1, true, new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(3)));
        Tensor x = Tensor.of(TorchFixture.DEVICE, new double[]{1, 2}, 1, 2);
        assertArrayEquals(linear.forward(x).toDoubleArray(), linear.forward(new Tensor[]{x}).toDoubleArray(), 0,
                "one input through the varargs form is the single-input forward");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> linear.forward(x, x));
        assertEquals("Linear.forward: takes one input, got 2", e.getMessage());
    }

    @Test
    void toDtypeCastsParametersAndBuffersInPlace() {
        Sequential model = new Sequential(new Linear(3, 2, true, new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64,
                new Generator(5))), new BatchNorm1d(2));
        Tensor weight = model.namedParameters().get("0.weight");
        double[] before = weight.toDoubleArray();
        Map<String, DType> bufferTypes = new java.util.LinkedHashMap<>();
        model.namedBuffers().forEach((k, v) -> bufferTypes.put(k, v.dtype()));
        Tensor x = Tensor.ones(Shape.of(4, 3), DType.FLOAT64, TorchFixture.DEVICE);
        model.forward(x).sum().backward();

        assertSame(model, model.to(DType.FLOAT32));
        assertSame(weight, model.namedParameters().get("0.weight"), "the same tensor object, now FLOAT32");
        assertEquals(DType.FLOAT32, weight.dtype());
        assertTrue(weight.requiresGrad());
        assertEquals(null, weight.grad(), "the FLOAT64 gradient is dropped");
        float[] cast = weight.toFloatArray();
        for (int i = 0; i < before.length; i++) {
            assertEquals((float) before[i], cast[i]);
        }
        model.namedBuffers().forEach((k, v) -> assertEquals(bufferTypes.get(k).isFloating() ? DType.FLOAT32
                : bufferTypes.get(k), v.dtype(), k));
        assertEquals(DType.FLOAT32, model.forward(x.to(DType.FLOAT32)).dtype(), "the module computes in FLOAT32");
        assertSame(model, model.to(TorchFixture.DEVICE), "moving to the device it is on changes nothing");
        assertThrows(IllegalArgumentException.class, () -> model.to(DType.INT32));
    }
}
